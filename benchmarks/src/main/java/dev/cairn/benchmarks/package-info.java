/**
 * JMH benchmarks, built by {@code mvn verify} into {@code benchmarks/target/benchmarks.jar} and run
 * by {@code benchmarks/run.sh}, which also times the command-line tools we compare against on the
 * same bytes in the same run. Figures live in {@code docs/BENCHMARKS.md}.
 */
package dev.cairn.benchmarks;
