package dev.fpmjms.engine;

import java.util.Objects;

/**
 * How a worker's reply was handed over ({@link ReplyRouter#handOverReply}): delivered (visible to
 * consumers, nothing more to wait for), stored (visible or about to be; {@link #pending()} tells
 * when it is durable), or not at all because that would have needed to block. Immutable.
 */
final class ReplyHandOff {
    /** The reply is on its queue (or was dead-lettered) and needs no store write. */
    static final ReplyHandOff DELIVERED = new ReplyHandOff(null);
    /** Nothing was done: handing the reply over needs a thread that may block. */
    static final ReplyHandOff NEEDS_TO_BLOCK = new ReplyHandOff(null);

    private final PendingSend pending;

    private ReplyHandOff(PendingSend pending) {
        this.pending = pending;
    }

    /** A persistent reply whose record is queued for the journal. */
    static ReplyHandOff stored(PendingSend pending) {
        return new ReplyHandOff(Objects.requireNonNull(pending, "pending"));
    }

    /** The stored reply, or {@code null} when the reply needed no store write (or none was made). */
    PendingSend pending() {
        return pending;
    }
}
