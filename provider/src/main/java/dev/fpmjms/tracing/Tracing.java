package dev.fpmjms.tracing;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;

/**
 * Opens the spans of fpm-jms: a send ({@link #publish}), a dispatch to php-fpm ({@link #dispatch})
 * and a delivery to a consumer ({@link #deliver}), each with the messaging semantic-convention
 * attributes ({@code docs/operations.md}, "Traces"). {@link #of} gives OpenTelemetry spans when its
 * API is on the class path and the {@code tracing} setting is on, else {@link #none()}, whose
 * calls do nothing and allocate nothing.
 *
 * <p>Thread-safe; no method blocks or throws: a tracer's failure never fails a send or a delivery.
 */
public interface Tracing {

    /** No spans. */
    static Tracing none() {
        return NoTracing.INSTANCE;
    }

    /**
     * The tracing of a configuration: OpenTelemetry spans when {@code spans} is true and the
     * OpenTelemetry API is on the class path (the OpenTelemetry used is {@link OtelTracing#use}'s,
     * else {@code GlobalOpenTelemetry} once it is set), else {@link #none()}. One shared instance.
     */
    static Tracing of(boolean spans) {
        return spans ? TracingLoader.openTelemetry() : NoTracing.INSTANCE;
    }

    /** Whether this tracing can open spans at all (false for {@link #none()} and without the API). */
    boolean spans();

    /**
     * The span of a send ({@code messaging.operation=publish}, kind PRODUCER): child of the
     * message's own valid context if it has one, else of the current span. Its context goes onto
     * the message ({@link TraceSpan#context}); it ends when the send call returns.
     *
     * @param message the message as sent: destination and message id set
     */
    TraceSpan publish(FpmEnvelope message);

    /**
     * The span of one dispatch of a request to php-fpm ({@code messaging.operation=process}, kind
     * CONSUMER): child of {@code context}, else a new trace. Its context is the one PHP is given.
     *
     * @param queue   the worker queue
     * @param request the request as dispatched (its delivery count is the attempt)
     * @param context the request's valid trace context, or {@code null}
     */
    TraceSpan dispatch(String queue, FpmEnvelope request, TraceContext context);

    /**
     * The span of a delivery to a consumer ({@code messaging.operation=receive} for a
     * synchronous receive, {@code process} for a MessageListener, kind CONSUMER): child of the
     * message's valid context if it has one, else of the current span.
     */
    TraceSpan deliver(FpmEnvelope message, boolean listener);
}
