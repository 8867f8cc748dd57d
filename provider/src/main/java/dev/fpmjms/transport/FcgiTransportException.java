package dev.fpmjms.transport;

import java.io.IOException;
import java.util.Objects;

/**
 * A FastCGI exchange with php-fpm failed; {@link #failure()} says how far the request got, which
 * decides whether a retry counts as a redelivery. The message names the endpoint and what happened;
 * the cause (an {@link IOException}, a {@code FcgiProtocolException}) is linked when there is one.
 */
public final class FcgiTransportException extends IOException {

    /** How far a failed request got. */
    public enum Failure {
        /**
         * The request never reached PHP: connection refused, no socket file, listen backlog full
         * ({@code EAGAIN}), connect timeout, client closed before start. Safe to retry; not a delivery.
         */
        NOT_DELIVERED,
        /**
         * The connection was reset or closed after (part of) the request was written, or the reply
         * was cut short: the worker may have run.
         */
        LOST_AFTER_WRITE,
        /** No complete reply within the read timeout after the request was written: may have run. */
        TIMED_OUT,
        /** php-fpm sent bytes that are not a valid FastCGI reply. */
        INVALID_RESPONSE,
        /**
         * The reply went over its size limit (STDOUT over {@code maxStdoutBytes}, or STDERR streamed
         * past the larger of {@code maxStdoutBytes} and {@code maxStderrBytes}); the worker ran. The
         * same request will do it again: not worth a retry.
         */
        REPLY_TOO_LARGE,
        /**
         * The reply could not be buffered because the replies being read together already hold the
         * shared reply memory budget ({@link FcgiReplyBudget}); the worker ran. It may fit later.
         */
        NO_REPLY_MEMORY
    }

    private final Failure failure;

    public FcgiTransportException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** How far the request got. */
    public Failure failure() {
        return failure;
    }
}
