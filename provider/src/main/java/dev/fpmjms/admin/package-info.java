/**
 * Dead-letter tooling for operators: list, show, replay and purge the dead letters of a running
 * engine ({@link dev.fpmjms.admin.DeadLetterAdmin}, from {@code FpmEngine.deadLetters()} or
 * {@code FpmConnectionFactory.deadLetters()}; in JMX {@link dev.fpmjms.admin.DeadLettersMBean},
 * registered by {@link dev.fpmjms.admin.DeadLetterJmx}) or of a stopped engine's journal
 * ({@link dev.fpmjms.admin.JournalDeadLetters}). The {@code fpm-jms} command-line tool ({@code cli/})
 * is built on these. See {@code docs/operations.md#dead-letters}.
 *
 * <p>Layer: beside the engine's seam. May import {@code envelope}, {@code gateway} (the dead-letter
 * rules), {@code selector}, {@code store}, {@code config} and {@code health} (the JMX naming); never
 * the engine (which implements {@link dev.fpmjms.admin.DeadLetterAdmin} and imports this package),
 * {@code jms} or FastCGI.
 */
package dev.fpmjms.admin;
