package dev.fpmjms.tracing;

import dev.fpmjms.envelope.TraceContext;

/**
 * One span fpm-jms opened, or the no-op span when there is no tracer. Used by the thread that
 * opened it (an end on another thread is fine, once); never blocks, never throws.
 */
public interface TraceSpan {

    /**
     * The span's W3C context, to hand on (to PHP, onto a message), or {@code fallback} when the span
     * has no valid context (no tracer, or an OpenTelemetry without an SDK).
     */
    TraceContext context(TraceContext fallback);

    /** Makes this span the current one on this thread until the scope is closed (same thread). */
    TraceScope makeCurrent();

    /** Adds an attribute (no-op for the no-op span). */
    void attribute(String key, String value);

    /** Adds an attribute (no-op for the no-op span). */
    void attribute(String key, long value);

    /**
     * Ends the span.
     *
     * @param failure what went wrong (the span's status becomes ERROR with this description), or
     *                {@code null} for a success
     */
    void end(String failure);
}
