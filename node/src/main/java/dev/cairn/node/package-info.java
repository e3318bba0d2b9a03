/**
 * The {@code cairn} command line (DESIGN section 11), on picocli.
 *
 * <p>{@link dev.cairn.node.CairnCommand} is the entry point and owns the exit-status contract: 0 on
 * success; 1 on a typed error, printed as {@code cairn: <Error_name>: <details>} on stderr with no
 * stack trace; 2 on a usage error, in one line too ({@link dev.cairn.node.UsageMessage}); 130 when
 * interrupted by SIGINT or SIGTERM ({@link dev.cairn.node.SignalCancellation}). Each subcommand is
 * its own class and does only command-line work: parsing, progress and printing; the modules
 * below do the rest.
 */
package dev.cairn.node;
