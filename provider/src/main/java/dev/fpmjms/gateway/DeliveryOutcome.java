package dev.fpmjms.gateway;

import dev.fpmjms.envelope.FpmEnvelope;

import java.util.Objects;

/**
 * What one attempt to deliver a message to a PHP worker came to. Immutable.
 *
 * @param result       the class of outcome, which decides what the engine does next
 * @param status       the CGI status the worker replied with, or -1 when there was no reply
 * @param reply        the reply envelope for {@link Result#SUCCESS} (its destination already set
 *                     to the request's JMSReplyTo or the worker queue), else {@code null}
 * @param stderr       what the worker wrote to STDERR (bounded), never {@code null}
 * @param detail       a human-readable account of what happened, for logs and dead letters
 * @param workerMillis milliseconds from writing the request to the end of the reply, -1 if unknown
 */
public record DeliveryOutcome(Result result, int status, FpmEnvelope reply, String stderr, String detail,
                              long workerMillis) {

    /** Outcome classes; see the "Delivery outcomes" table of the wire contract. */
    public enum Result {
        /** {@code Status: 2xx}: done. */
        SUCCESS,
        /** The request never reached PHP (refused, no socket, backlog full): retry, not counted. */
        NOT_DELIVERED,
        /** The connection was lost or timed out after the request was written: it may have run. */
        LOST_AFTER_WRITE,
        /** {@code Status: 5xx}, a PHP fatal error, an unreadable or oversized reply: retry per policy. */
        WORKER_FAILURE,
        /** {@code Status: 4xx}: permanent rejection, dead-lettered without retry unless configured. */
        REJECTED
    }

    public DeliveryOutcome {
        Objects.requireNonNull(result, "result");
        stderr = stderr == null ? "" : stderr;
        detail = detail == null ? "" : detail;
        if (result == Result.SUCCESS && reply == null) {
            throw new IllegalArgumentException("a SUCCESS outcome carries a reply envelope");
        }
    }

    /** Whether the message reached the worker (so the attempt counts as a delivery). */
    public boolean reachedWorker() {
        return result != Result.NOT_DELIVERED;
    }
}
