package dev.fpmjms.gateway;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.wire.WorkerRetry;

import java.util.Objects;

/**
 * What one attempt to deliver a message to a PHP worker came to. Immutable; made by its named
 * factories ({@link #success}, {@link #notDelivered}, {@link #lostAfterWrite},
 * {@link #workerFailure}, {@link #rejected}, {@link #failure}), each of which fills in only what
 * its class of outcome knows; {@link #withWorkerOutput} adds what the worker wrote and how long it
 * took.
 */
public final class DeliveryOutcome {
    /** {@link #status()} when the worker sent no CGI status (no reply, or none that could be read). */
    public static final int NO_STATUS = -1;
    /** {@link #workerRetry()} when the worker asked nothing: the route's retry policy decides. */
    public static final long WORKER_RETRY_POLICY = WorkerRetry.POLICY;
    /** {@link #workerRetry()} when the worker asked never to retry: dead-letter on this attempt. */
    public static final long WORKER_RETRY_NEVER = WorkerRetry.NEVER;
    /** {@link #workerMillis()} when the time is not known. */
    public static final long UNKNOWN_MILLIS = -1;
    /** {@link #replyBytes()} when the size is not known. */
    public static final long UNKNOWN_BYTES = -1;

    /** Outcome classes; see the "Delivery outcomes" table of the wire contract. */
    public enum Result {
        /** {@code Status: 2xx}: done. */
        SUCCESS,
        /** The request never reached PHP (refused, no socket, backlog full): retry, not counted. */
        NOT_DELIVERED,
        /** The connection was lost or timed out after the request was written: it may have run. */
        LOST_AFTER_WRITE,
        /** {@code Status: 5xx}, a PHP fatal error, invalid FastCGI: retry per policy. */
        WORKER_FAILURE,
        /**
         * The worker ran but its reply can never be taken, however often the request is retried:
         * a CGI head that cannot be read, a reply that breaks the wire contract, a reply over its
         * size limit. Dead-lettered on the first attempt.
         */
        PERMANENT_FAILURE,
        /** {@code Status: 4xx}: permanent rejection, dead-lettered without retry unless configured. */
        REJECTED
    }

    private final Result result;
    private final int status;
    private final FpmEnvelope reply;
    private final String stderr;
    private final String detail;
    private final long workerMillis;
    private final long workerRetry;
    private final long replyBytes;

    private DeliveryOutcome(Result result, int status, FpmEnvelope reply, String stderr, String detail,
                            long workerMillis) {
        this(result, status, reply, stderr, detail, workerMillis, WORKER_RETRY_POLICY, UNKNOWN_BYTES);
    }

    private DeliveryOutcome(Result result, int status, FpmEnvelope reply, String stderr, String detail,
                            long workerMillis, long workerRetry, long replyBytes) {
        this.replyBytes = replyBytes;
        this.result = result;
        this.status = status;
        this.reply = reply;
        this.stderr = stderr == null ? "" : stderr;
        this.detail = detail == null ? "" : detail;
        this.workerMillis = workerMillis;
        this.workerRetry = workerRetry;
    }

    /**
     * The worker answered with a 2xx status.
     *
     * @param status       the CGI status
     * @param reply        the reply envelope, its destination already set (the request's
     *                     JMSReplyTo or the worker queue)
     * @param stderr       what the worker wrote to STDERR (bounded), or {@code null} for nothing
     * @param workerMillis milliseconds from writing the request to the end of the reply, or
     *                     {@link #UNKNOWN_MILLIS}
     */
    public static DeliveryOutcome success(int status, FpmEnvelope reply, String stderr, long workerMillis) {
        return success(status, reply, stderr, workerMillis, UNKNOWN_BYTES);
    }

    /**
     * The worker answered with a 2xx status, as {@link #success(int, FpmEnvelope, String, long)},
     * with the size of what it wrote to STDOUT ({@link #replyBytes()}).
     */
    public static DeliveryOutcome success(int status, FpmEnvelope reply, String stderr, long workerMillis, long replyBytes) {
        Objects.requireNonNull(reply, "a SUCCESS outcome carries a reply envelope");
        return new DeliveryOutcome(Result.SUCCESS, status, reply, stderr, "status " + status, workerMillis,
                WORKER_RETRY_POLICY, replyBytes);
    }

    /** The worker answered {@code Status: 200} with {@code reply}, nothing on STDERR, time unknown. */
    public static DeliveryOutcome success(FpmEnvelope reply) {
        return success(200, reply, "", UNKNOWN_MILLIS);
    }

    /** The request never reached PHP: {@code detail} says why. */
    public static DeliveryOutcome notDelivered(String detail) {
        return failure(Result.NOT_DELIVERED, NO_STATUS, detail);
    }

    /** The connection was lost after the request was written: {@code detail} says how. */
    public static DeliveryOutcome lostAfterWrite(String detail) {
        return failure(Result.LOST_AFTER_WRITE, NO_STATUS, detail);
    }

    /** The worker failed without a readable status: {@code detail} says how. */
    public static DeliveryOutcome workerFailure(String detail) {
        return failure(Result.WORKER_FAILURE, NO_STATUS, detail);
    }

    /**
     * The worker's reply cannot succeed on a retry (unreadable, against the wire contract, over a
     * size limit): {@code detail} says why.
     *
     * @param status the worker's CGI status when it could be read, else {@link #NO_STATUS}
     */
    public static DeliveryOutcome permanentFailure(int status, String detail) {
        return failure(Result.PERMANENT_FAILURE, status, detail);
    }

    /** The message was refused for good before or without a worker status: {@code detail} says why. */
    public static DeliveryOutcome rejected(String detail) {
        return failure(Result.REJECTED, NO_STATUS, detail);
    }

    /**
     * An outcome other than success.
     *
     * @param result any class but {@link Result#SUCCESS}
     * @param status the worker's CGI status, or {@link #NO_STATUS}
     * @param detail a human-readable account of what happened, for logs and dead letters
     * @throws IllegalArgumentException for {@link Result#SUCCESS}, which carries a reply
     */
    public static DeliveryOutcome failure(Result result, int status, String detail) {
        Objects.requireNonNull(result, "result");
        if (result == Result.SUCCESS) {
            throw new IllegalArgumentException("a SUCCESS outcome carries a reply envelope: use success(...)");
        }
        return new DeliveryOutcome(result, status, null, "", detail, UNKNOWN_MILLIS);
    }

    /** This outcome with what the worker wrote to STDERR (bounded) and the time it took. */
    public DeliveryOutcome withWorkerOutput(String stderr, long workerMillis) {
        return withWorkerOutput(stderr, workerMillis, replyBytes);
    }

    /** This outcome with what the worker wrote to STDERR (bounded), the time it took and how many bytes it wrote to STDOUT. */
    public DeliveryOutcome withWorkerOutput(String stderr, long workerMillis, long replyBytes) {
        return new DeliveryOutcome(result, status, reply, stderr, detail, workerMillis, workerRetry, replyBytes);
    }

    /**
     * This failure with what the worker asked for ({@code X-Fpmjms-Retry}, wire contract).
     *
     * @param workerRetry {@link #WORKER_RETRY_POLICY}, {@link #WORKER_RETRY_NEVER} or a delay of zero
     *                    or more milliseconds before the next attempt
     * @throws IllegalArgumentException for a success, or a value below {@link #WORKER_RETRY_NEVER}
     */
    public DeliveryOutcome withWorkerRetry(long workerRetry) {
        if (result == Result.SUCCESS) {
            throw new IllegalArgumentException("a success is not retried");
        }
        if (workerRetry < WORKER_RETRY_NEVER) {
            throw new IllegalArgumentException("workerRetry must be -2 (never), -1 (policy) or a delay >= 0 ms, not " + workerRetry);
        }
        return new DeliveryOutcome(result, status, reply, stderr, detail, workerMillis, workerRetry, replyBytes);
    }

    /**
     * What the worker asked for: {@link #WORKER_RETRY_POLICY} (nothing), {@link #WORKER_RETRY_NEVER},
     * or the delay in milliseconds before the next attempt (within the policy's maxAttempts).
     */
    public long workerRetry() {
        return workerRetry;
    }

    /** The class of outcome, which decides what the engine does next. */
    public Result result() {
        return result;
    }

    /** The CGI status the worker replied with, or {@link #NO_STATUS}. */
    public int status() {
        return status;
    }

    /** The reply envelope for {@link Result#SUCCESS}, else {@code null}. */
    public FpmEnvelope reply() {
        return reply;
    }

    /** What the worker wrote to STDERR (bounded), never {@code null}. */
    public String stderr() {
        return stderr;
    }

    /** A human-readable account of what happened, for logs and dead letters; never {@code null}. */
    public String detail() {
        return detail;
    }

    /** Milliseconds from writing the request to the end of the reply, or {@link #UNKNOWN_MILLIS}. */
    public long workerMillis() {
        return workerMillis;
    }

    /** Bytes the worker wrote to STDOUT (the CGI head and body of its reply), or {@link #UNKNOWN_BYTES}. */
    public long replyBytes() {
        return replyBytes;
    }

    /** Whether the message reached the worker (so the attempt counts as a delivery). */
    public boolean reachedWorker() {
        return result != Result.NOT_DELIVERED;
    }

    @Override
    public String toString() {
        return "DeliveryOutcome[" + result + (status == NO_STATUS ? "" : " " + status) + ": " + detail + "]";
    }
}
