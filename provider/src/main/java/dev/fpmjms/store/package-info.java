/**
 * Durability of persistent messages: {@link dev.fpmjms.store.MessageStore} (the seam the engine
 * calls: add, remove, update the delivery count, recover) and its journal implementation
 * ({@link dev.fpmjms.store.JournalStore}: segment files, group commit on one writer thread per the
 * fsync policy, recovery that loses only damaged records and says which). See
 * {@code docs/durability.md}.
 *
 * <p>Layer: below the engine. May import {@code envelope}, {@code config}, {@code threads} and {@code metrics}
 * (the journal's size and force latency).
 * Responsible for one thing: keeping envelopes on disk and giving them back after a restart.
 */
package dev.fpmjms.store;
