package dev.fpmjms.tracing;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.List;

/**
 * fpm-jms spans on the OpenTelemetry API: the one class that imports {@code io.opentelemetry},
 * loaded by name only when that API is on the class path ({@link Tracing#of}).
 *
 * <p><b>Which OpenTelemetry.</b> The one given to {@link #use}, else {@code GlobalOpenTelemetry}
 * once something set it (the Java agent, the SDK's autoconfiguration, the application). Until
 * then no span is opened, and {@code GlobalOpenTelemetry} is not asked for (asking would fix it to
 * a no-op for good); with an API older than {@code GlobalOpenTelemetry.isSet()} it is asked at the
 * first span. Looked up at every span, so an OpenTelemetry set late is used from then on.
 *
 * <p>Spans carry the messaging semantic-convention attributes {@code messaging.system=fpm-jms},
 * {@code messaging.destination.name}, {@code messaging.operation} ({@code publish},
 * {@code process}, {@code receive}), {@code messaging.message.id},
 * {@code messaging.message.conversation_id} (JMSCorrelationID) and
 * {@code messaging.destination.temporary}; contexts travel in the W3C form. Thread-safe.
 */
public final class OtelTracing implements Tracing {

    /** The instrumentation scope name of fpm-jms spans. */
    public static final String SCOPE = "dev.fpmjms";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<Boolean> TEMPORARY = AttributeKey.booleanKey("messaging.destination.temporary");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("messaging.message.conversation_id");
    static final AttributeKey<Long> DELIVERY_COUNT = AttributeKey.longKey("fpmjms.delivery_count");
    static final String SYSTEM_NAME = "fpm-jms";

    private static volatile OpenTelemetry configured;
    private static final boolean HAS_IS_SET = hasIsSet();

    /** The tracer of the OpenTelemetry last used, kept while that OpenTelemetry stays the same. */
    private volatile Resolved resolved;

    private record Resolved(OpenTelemetry openTelemetry, Tracer tracer) {
    }

    /** Loaded by {@link TracingLoader} only. */
    OtelTracing() {
    }

    /**
     * The OpenTelemetry fpm-jms opens its spans with, in this class loader, instead of
     * {@code GlobalOpenTelemetry}; {@code null} goes back to {@code GlobalOpenTelemetry}. For an
     * application that builds its SDK without registering it globally (Spring Boot's
     * auto-configured one, for instance). Takes effect at the next span; the {@code tracing}
     * setting still decides whether spans are opened at all.
     */
    public static void use(OpenTelemetry openTelemetry) {
        configured = openTelemetry;
    }

    @Override
    public boolean spans() {
        return true;
    }

    @Override
    public TraceSpan publish(FpmEnvelope message) {
        Tracer tracer = tracer();
        if (tracer == null) {
            return NoTracing.INSTANCE;
        }
        Context own = extract(TraceContext.of(message));
        Context parent = own != null ? own : Context.current();
        return start(tracer, message.destination(), "publish", SpanKind.PRODUCER, parent, message);
    }

    @Override
    public TraceSpan dispatch(String queue, FpmEnvelope request, TraceContext context) {
        Tracer tracer = tracer();
        if (tracer == null) {
            return NoTracing.INSTANCE;
        }
        Context parent = extract(context);
        OtelSpan span = start(tracer, DestinationRef.queue(queue), "process", SpanKind.CONSUMER,
                parent != null ? parent : Context.root(), request);
        span.span.setAttribute(DELIVERY_COUNT, (long) request.deliveryCount());
        return span;
    }

    @Override
    public TraceSpan deliver(FpmEnvelope message, boolean listener) {
        Tracer tracer = tracer();
        if (tracer == null) {
            return NoTracing.INSTANCE;
        }
        Context own = extract(TraceContext.of(message));
        return start(tracer, message.destination(), listener ? "process" : "receive", SpanKind.CONSUMER,
                own != null ? own : Context.current(), message);
    }

    private static OtelSpan start(Tracer tracer, DestinationRef destination, String operation, SpanKind kind,
                                  Context parent, FpmEnvelope message) {
        boolean temporary = destination.kind() == DestinationRef.Kind.TEMPORARY_QUEUE
                || destination.kind() == DestinationRef.Kind.TEMPORARY_TOPIC;
        // Semantic conventions: a temporary destination's name is "(temporary)" in the span name.
        SpanBuilder b = tracer.spanBuilder((temporary ? "(temporary)" : destination.name()) + " " + operation)
                .setSpanKind(kind)
                .setParent(parent)
                .setAttribute(SYSTEM, SYSTEM_NAME)
                .setAttribute(DESTINATION, destination.name())
                .setAttribute(OPERATION, operation);
        if (temporary) {
            b.setAttribute(TEMPORARY, true);
        }
        if (message.messageId() != null) {
            b.setAttribute(MESSAGE_ID, message.messageId());
        }
        if (message.correlationId() != null) {
            b.setAttribute(CONVERSATION_ID, message.correlationId());
        }
        return new OtelSpan(b.startSpan());
    }

    /** The tracer to use now, or {@code null} when no OpenTelemetry is set. */
    private Tracer tracer() {
        OpenTelemetry otel = configured;
        if (otel == null) {
            if (HAS_IS_SET && !GlobalOpenTelemetry.isSet()) {
                return null;
            }
            otel = GlobalOpenTelemetry.get();
        }
        Resolved r = resolved;
        if (r == null || r.openTelemetry() != otel) {
            r = new Resolved(otel, otel.getTracer(SCOPE));
            resolved = r;
        }
        return r.tracer();
    }

    private static boolean hasIsSet() {
        try {
            GlobalOpenTelemetry.class.getMethod("isSet");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The context of a W3C trace context as a remote parent, or {@code null} for none. */
    private static Context extract(TraceContext context) {
        if (context == null) {
            return null;
        }
        Context c = W3CTraceContextPropagator.getInstance().extract(Context.root(), context, GETTER);
        return Span.fromContext(c).getSpanContext().isValid() ? c : null;
    }

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of(TraceContext.TRACEPARENT, TraceContext.TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TraceContext.TRACEPARENT.equals(key) ? carrier.traceparent()
                    : TraceContext.TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };

    /** Collects the W3C fields a propagator writes. */
    private static final class Carrier {
        String traceparent;
        String tracestate;
    }

    private static final TextMapSetter<Carrier> SETTER = (carrier, key, value) -> {
        if (carrier == null) {
            return;
        }
        if (TraceContext.TRACEPARENT.equals(key)) {
            carrier.traceparent = value;
        } else if (TraceContext.TRACESTATE.equals(key)) {
            carrier.tracestate = value;
        }
    };

    /** One OpenTelemetry span. */
    private static final class OtelSpan implements TraceSpan {
        final Span span;

        OtelSpan(Span span) {
            this.span = span;
        }

        @Override
        public TraceContext context(TraceContext fallback) {
            SpanContext sc = span.getSpanContext();
            if (!sc.isValid()) {
                return fallback;
            }
            Carrier carrier = new Carrier();
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, SETTER);
            TraceContext context = TraceContext.parse(carrier.traceparent, carrier.tracestate);
            return context != null ? context : fallback;
        }

        @Override
        public TraceScope makeCurrent() {
            Scope scope = span.makeCurrent();
            return scope::close;
        }

        @Override
        public void attribute(String key, String value) {
            span.setAttribute(key, value);
        }

        @Override
        public void attribute(String key, long value) {
            span.setAttribute(key, value);
        }

        @Override
        public void end(String failure) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure);
            }
            span.end();
        }
    }
}
