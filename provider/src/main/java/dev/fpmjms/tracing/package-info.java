/**
 * Spans for sends, dispatches to php-fpm and deliveries to consumers, when the OpenTelemetry API
 * is on the class path ({@code docs/operations.md}, "Traces"): {@link dev.fpmjms.tracing.Tracing}
 * is what the facade and the gateway call, {@link dev.fpmjms.tracing.TraceSpan} one span.
 * {@link dev.fpmjms.tracing.OtelTracing} is the only class that imports {@code io.opentelemetry};
 * it is loaded by name only when that API is present, so the provider runs without it (every call
 * is then a no-op that allocates nothing). The W3C context itself is
 * {@link dev.fpmjms.envelope.TraceContext}, which travels whether or not spans are on.
 *
 * <p>Layer: beside {@code envelope}, below the facade and the gateway; imports {@code java.*},
 * {@code envelope}, SLF4J and (in {@code OtelTracing} only) the OpenTelemetry API.
 */
package dev.fpmjms.tracing;
