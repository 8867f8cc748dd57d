/**
 * The {@code fpm-jms} command-line tool: {@code fpm-jms dlq list|show|replay|purge} on the dead
 * letters of a running application, over JMX ({@link dev.fpmjms.cli.JmxDeadLetters} on the
 * {@code dev.fpmjms:type=DeadLetters} MBean, reached by address or by process id), or of a stopped
 * one's journal ({@code dev.fpmjms.admin.JournalDeadLetters}). Plain Java argument parsing
 * ({@code Arguments}); exit codes in {@code ExitCode}; see {@code docs/operations.md#dead-letters}.
 *
 * <p>Layer: above the provider; imports its {@code admin} and {@code store} packages only.
 */
package dev.fpmjms.cli;
