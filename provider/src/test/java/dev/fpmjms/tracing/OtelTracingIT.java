package dev.fpmjms.tracing;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.jms.FpmConnectionFactory;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * OpenTelemetry spans on a real php-fpm, recorded by the SDK's {@link InMemorySpanExporter}: a send
 * is a PRODUCER span ({@code publish}), its dispatch to php-fpm a CONSUMER span ({@code process})
 * whose context is the traceparent PHP sees, the delivery of the reply a CONSUMER span
 * ({@code receive}) under the dispatch, and a MessageListener's delivery a {@code process} span that
 * is current while {@code onMessage} runs; each with the messaging attributes. A failed dispatch
 * ends with status ERROR; {@code tracing=false} opens no span but still propagates.
 */
@Timeout(120)
class OtelTracingIT {
    private static final long WAIT_MS = 30_000;
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("messaging.message.conversation_id");
    private static final AttributeKey<Boolean> TEMPORARY = AttributeKey.booleanKey("messaging.destination.temporary");

    private static EmbeddedPhpFpm fpm;
    private static String script;
    private static InMemorySpanExporter exporter;
    private static OpenTelemetrySdk sdk;
    private static Tracer tracer;
    private FpmConnectionFactory factory;
    private Connection connection;
    private Session session;

    @BeforeAll
    static void start() throws IOException {
        exporter = InMemorySpanExporter.create();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .addSpanProcessor(new EndSignal()).build())
                .build();
        tracer = sdk.getTracer("test");
        OtelTracing.use(sdk);
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        try (InputStream in = OtelTracingIT.class.getResourceAsStream("/php/tracing/traced.php")) {
            script = fpm.installScript("traced.php", new String(in.readAllBytes(), StandardCharsets.UTF_8)).toString();
        } catch (IOException | RuntimeException e) {
            fpm.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        OtelTracing.use(null);
        fpm.close();
        sdk.close();
    }

    private void open(boolean tracing) throws JMSException {
        FpmConfig config = FpmConfig.builder().name("otel-" + UUID.randomUUID()).tracing(tracing).localQueue("plain")
                .route(FpmRoute.builder("traced").endpoint(fpm.endpointString()).script(script).maxInFlight(2).build())
                .build();
        factory = new FpmConnectionFactory(config, FcgiGatewayFactory::new, new EngineRegistry());
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @BeforeEach
    void reset() {
        exporter.reset();
    }

    @AfterEach
    void close() throws JMSException {
        if (connection != null) {
            connection.close();
            factory.close();
        }
    }

    /** Wakes {@link #awaitSpan} whenever a span ends (after the exporter, registered first, has it). */
    private static final class EndSignal implements SpanProcessor {
        @Override
        public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            synchronized (ENDED) {
                ENDED.notifyAll();
            }
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }

    private static final Object ENDED = new Object();

    /** Waits until a finished span matches, failing after {@link #WAIT_MS}. */
    private static SpanData awaitSpan(String what, Predicate<SpanData> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        synchronized (ENDED) {
            while (true) {
                for (SpanData s : exporter.getFinishedSpanItems()) {
                    if (match.test(s)) {
                        return s;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no finished span " + what + " among " + names(exporter.getFinishedSpanItems()));
                }
                TimeUnit.NANOSECONDS.timedWait(ENDED, left);
            }
        }
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getName() + "/" + s.getKind()).toList();
    }

    private static Predicate<SpanData> named(String name, SpanKind kind) {
        return s -> s.getName().equals(name) && s.getKind() == kind;
    }

    private TextMessage call(String command) throws JMSException {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        TextMessage request = session.createTextMessage(command);
        request.setJMSReplyTo(replies);
        session.createProducer(session.createQueue("traced")).send(request);
        Message reply = consumer.receive(WAIT_MS);
        assertNotNull(reply, "reply to " + command);
        return (TextMessage) reply;
    }

    @Test
    void aRequestAndItsReplyAreOneTraceAndPhpSeesTheDispatchSpan() throws Exception {
        open(true);
        Span caller = tracer.spanBuilder("caller").startSpan();
        TextMessage reply;
        String requestId;
        try (Scope ignored = caller.makeCurrent()) {
            reply = call("seen");
            requestId = reply.getJMSCorrelationID();
        } finally {
            caller.end();
        }
        String traceId = caller.getSpanContext().getTraceId();

        SpanData publish = awaitSpan("traced publish", named("traced publish", SpanKind.PRODUCER));
        SpanData process = awaitSpan("traced process", named("traced process", SpanKind.CONSUMER));
        SpanData receive = awaitSpan("(temporary) receive", named("(temporary) receive", SpanKind.CONSUMER));

        assertEquals(traceId, publish.getTraceId());
        assertEquals(caller.getSpanContext().getSpanId(), publish.getParentSpanId(), "the send is a child of the caller");
        assertEquals(traceId, process.getTraceId());
        assertEquals(publish.getSpanId(), process.getParentSpanId(), "the dispatch is a child of the send");
        assertTrue(process.getParentSpanContext().isRemote(), "its parent came with the message");
        assertEquals(process.getSpanId(), receive.getParentSpanId(), "the reply is delivered under the dispatch");

        String[] seen = reply.getText().split("\\|");
        String phpSaw = seen[0];
        assertEquals("00-" + traceId + "-" + process.getSpanId() + "-" + process.getSpanContext().getTraceFlags().asHex(),
                phpSaw, "PHP was given the dispatch span's context");
        assertEquals("sampled", seen[4]);
        assertEquals(phpSaw, reply.getStringProperty("traceparent"), "and the reply carries it back");

        for (SpanData s : List.of(publish, process, receive)) {
            assertEquals("fpm-jms", s.getAttributes().get(SYSTEM), s.getName());
            assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode(), s.getName());
        }
        assertEquals("traced", publish.getAttributes().get(DESTINATION));
        assertEquals("publish", publish.getAttributes().get(OPERATION));
        assertEquals(requestId, publish.getAttributes().get(MESSAGE_ID));
        assertEquals("traced", process.getAttributes().get(DESTINATION));
        assertEquals("process", process.getAttributes().get(OPERATION));
        assertEquals(requestId, process.getAttributes().get(MESSAGE_ID));
        assertEquals(1L, process.getAttributes().get(AttributeKey.longKey("fpmjms.delivery_count")));
        assertEquals(200L, process.getAttributes().get(AttributeKey.longKey("fpmjms.worker.status")));
        assertEquals("SUCCESS", process.getAttributes().get(AttributeKey.stringKey("fpmjms.outcome")));
        assertEquals("receive", receive.getAttributes().get(OPERATION));
        assertEquals(Boolean.TRUE, receive.getAttributes().get(TEMPORARY));
        assertEquals(requestId, receive.getAttributes().get(CONVERSATION_ID), "the reply's JMSCorrelationID");
    }

    @Test
    void aSendWithoutACurrentSpanStartsATraceThatTheWorkersOwnContextContinues() throws Exception {
        open(true);
        TextMessage reply = call("own");
        SpanData publish = awaitSpan("traced publish", named("traced publish", SpanKind.PRODUCER));
        assertFalse(publish.getParentSpanContext().isValid(), "a root span");
        String worker = "00-" + publish.getTraceId() + "-2222222222222222-01";
        assertEquals(worker, reply.getStringProperty("traceparent"), "the worker's own context is on the reply");
        SpanData receive = awaitSpan("(temporary) receive", named("(temporary) receive", SpanKind.CONSUMER));
        assertEquals("2222222222222222", receive.getParentSpanId(), "the reply is delivered under the worker's span");
        assertEquals(publish.getTraceId(), receive.getTraceId());
    }

    @Test
    void aFailedDispatchEndsWithStatusError() throws Exception {
        open(true);
        session.createProducer(session.createQueue("traced")).send(session.createTextMessage("reject"));
        SpanData process = awaitSpan("traced process", named("traced process", SpanKind.CONSUMER));
        assertEquals(StatusCode.ERROR, process.getStatus().getStatusCode());
        assertTrue(process.getStatus().getDescription().startsWith("REJECTED: worker replied status 422"),
                process.getStatus().getDescription());
        assertEquals(422L, process.getAttributes().get(AttributeKey.longKey("fpmjms.worker.status")));
        assertNotNull(session.createConsumer(session.createQueue("DLQ")).receive(WAIT_MS), "dead-lettered as usual");
    }

    @Test
    void aListenersDeliveryIsAProcessSpanThatIsCurrentInOnMessage() throws Exception {
        open(true);
        BlockingQueue<String> currentInListener = new ArrayBlockingQueue<>(1);
        Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        listening.createConsumer(listening.createQueue("plain"))
                .setMessageListener(m -> currentInListener.add(Span.current().getSpanContext().getSpanId()));
        TextMessage m = session.createTextMessage("to a listener");
        m.setStringProperty("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        session.createProducer(session.createQueue("plain")).send(m);

        String spanInListener = currentInListener.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        SpanData publish = awaitSpan("plain publish", named("plain publish", SpanKind.PRODUCER));
        SpanData process = awaitSpan("plain process", named("plain process", SpanKind.CONSUMER));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", publish.getTraceId(), "a traceparent set by hand is the parent");
        assertEquals("00f067aa0ba902b7", publish.getParentSpanId());
        assertEquals(publish.getSpanId(), process.getParentSpanId());
        assertEquals(process.getSpanId(), spanInListener, "onMessage runs in the process span");
        assertEquals("process", process.getAttributes().get(OPERATION));
        assertEquals("plain", process.getAttributes().get(DESTINATION));
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", m.getStringProperty("traceparent"),
                "the application's message is left as it was");
    }

    @Test
    void tracingFalseOpensNoSpanAndStillPropagates() throws Exception {
        open(false);
        Span caller = tracer.spanBuilder("caller").startSpan();
        TextMessage reply;
        try (Scope ignored = caller.makeCurrent()) {
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            TextMessage request = session.createTextMessage("seen");
            String traceparent = "00-" + caller.getSpanContext().getTraceId() + "-" + caller.getSpanContext().getSpanId() + "-01";
            request.setStringProperty("traceparent", traceparent);
            request.setJMSReplyTo(replies);
            session.createProducer(session.createQueue("traced")).send(request);
            reply = (TextMessage) consumer.receive(WAIT_MS);
            assertNotNull(reply);
            assertEquals(traceparent, reply.getText().split("\\|")[0], "PHP sees the message's own context");
            assertEquals(traceparent, reply.getStringProperty("traceparent"));
        } finally {
            caller.end();
        }
        awaitSpan("caller", s -> s.getName().equals("caller"));
        assertEquals(List.of("caller/INTERNAL"), names(exporter.getFinishedSpanItems()), "fpm-jms opened no span");
    }
}
