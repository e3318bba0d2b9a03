/** Tests of rollup snapshots: round trips, compression strategies, hostile snapshots. */
package dev.cairn.snapshot.rollup;
