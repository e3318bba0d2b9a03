/** Tests of the rollup node against generated L1 testnets with rollups. */
package dev.cairn.rollup;
