package dev.fpmjms.gateway;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.MessageTooLargeException;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine with the real FastCGI gateway against a real php-fpm and the shipped echo worker:
 * round trips of every body type over a unix socket and TCP, and each delivery outcome.
 */
@Timeout(60)
class WorkerQueueIT {
    private static final RetryPolicy FAST_RETRY =
            new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.0, false);
    private static EmbeddedPhpFpm unixFpm;
    private static EmbeddedPhpFpm tcpFpm;
    private FpmEngine engine;

    @BeforeAll
    static void startPhpFpm() {
        unixFpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(3, 0, Map.of(), null)).start();
        tcpFpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null),
                EmbeddedPhpFpm.Listen.TCP, Map.of()).start();
    }

    @AfterAll
    static void stopPhpFpm() {
        unixFpm.close();
        tcpFpm.close();
    }

    @AfterEach
    void shutdownEngine() {
        if (engine != null) {
            engine.shutdown();
        }
    }

    private FpmEngine engine(EmbeddedPhpFpm fpm, FpmRoute.Builder route) {
        FpmConfig config = FpmConfig.builder().name("it-" + UUID.randomUUID())
                .route(route.endpoint(fpm.endpointString()).retryPolicy(FAST_RETRY).build())
                .build();
        engine = EngineRegistry.shared().engine(config, FcgiGatewayFactory::new);
        return engine;
    }

    private FpmRoute.Builder echo(String queue) {
        return FpmRoute.builder(queue).script(unixFpm.builtinScript("echo").toString())
                .maxInFlight(3).readTimeout(Duration.ofSeconds(10));
    }

    private FpmEnvelope message(String queue, BodyType type, Object body) {
        return FpmEnvelope.builder(DestinationRef.queue(queue)).messageId(engine.newMessageId())
                .timestamp(System.currentTimeMillis()).body(type, body).build();
    }

    private FpmEnvelope receive(String queue) throws Exception {
        Delivery d = engine.consumerQueue(DestinationRef.queue(queue)).subscribe(null, null).take(20, TimeUnit.SECONDS);
        assertNotNull(d, "nothing arrived on " + queue);
        d.acknowledge();
        return d.envelope();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void everyBodyTypeAndPropertyTypeComesBackUnchanged(String transport) throws Exception {
        EmbeddedPhpFpm fpm = transport.equals("unix") ? unixFpm : tcpFpm;
        engine(fpm, FpmRoute.builder("echo").script(fpm.builtinScript("echo").toString()).maxInFlight(2));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("b", true);
        props.put("y", (byte) -7);
        props.put("s", (short) 300);
        props.put("i", Integer.MIN_VALUE);
        props.put("l", Long.MAX_VALUE);
        props.put("f", Float.NaN);
        props.put("d", -0.0d);
        props.put("str", "héllo wörld ✓");
        props.put("empty", "");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("int", 5);
        map.put("bytes", new byte[]{0, -1, 127});
        map.put("char", 'x');
        map.put("none", null);
        List<Object> stream = new ArrayList<>(Arrays.asList(1L, "two", 3.5f, null, new byte[]{9}));
        byte[] allBytes = new byte[256];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        List<FpmEnvelope> sent = List.of(
                message("echo", BodyType.TEXT, "plain text ✓").toBuilder().properties(props).correlationId("corr-1").type("t1").priority(7).build(),
                message("echo", BodyType.BYTES, allBytes),
                message("echo", BodyType.MAP, map),
                message("echo", BodyType.STREAM, stream),
                message("echo", BodyType.OBJECT, new byte[]{(byte) 0xAC, (byte) 0xED, 0, 5}),
                message("echo", BodyType.NONE, null));
        for (FpmEnvelope e : sent) {
            engine.send(e);
        }
        for (FpmEnvelope request : sent) {
            FpmEnvelope reply = receiveBy(request.messageId());
            assertEquals(request.bodyType(), reply.bodyType());
            switch (request.bodyType()) {
                case BYTES:
                case OBJECT:
                    assertArrayEquals((byte[]) request.body(), (byte[]) reply.body());
                    break;
                case MAP: {
                    Map<?, ?> got = (Map<?, ?>) reply.body();
                    assertEquals(5, got.get("int"));
                    assertArrayEquals(new byte[]{0, -1, 127}, (byte[]) got.get("bytes"));
                    assertEquals('x', got.get("char"));
                    assertTrue(got.containsKey("none") && got.get("none") == null);
                    break;
                }
                case STREAM: {
                    List<?> got = (List<?>) reply.body();
                    assertEquals(List.of(1L, "two", 3.5f), got.subList(0, 3));
                    assertNull(got.get(3));
                    assertArrayEquals(new byte[]{9}, (byte[]) got.get(4));
                    break;
                }
                default:
                    assertEquals(request.body(), reply.body());
            }
            for (Map.Entry<String, Object> p : request.properties().entrySet()) {
                assertEquals(p.getValue(), reply.properties().get(p.getKey()), "property " + p.getKey());
            }
            assertEquals(request.correlationId(), reply.correlationId());
            assertEquals(request.type(), reply.type());
            assertEquals(request.priority(), reply.priority());
            assertEquals(200, reply.properties().get("JMS_FPM_STATUS"));
            assertEquals(1, reply.properties().get("JMS_FPM_ATTEMPTS"));
            assertEquals("echo", reply.properties().get("JMS_FPM_QUEUE"));
        }
    }

    private final Map<String, FpmEnvelope> received = new LinkedHashMap<>();

    private FpmEnvelope receiveBy(String messageId) throws Exception {
        while (!received.containsKey(messageId)) {
            FpmEnvelope e = receive("echo");
            received.put(e.messageId(), e);
        }
        return received.get(messageId);
    }

    @Test
    void replyGoesToTheTemporaryReplyTo() throws Exception {
        engine(unixFpm, echo("work"));
        DestinationRef temp = engine.createTemporaryQueue("conn");
        FpmEnvelope request = message("work", BodyType.TEXT, "ping").toBuilder().replyTo(temp).build();
        engine.send(request);
        Delivery d = engine.consumerQueue(temp).subscribe(null, null).take(20, TimeUnit.SECONDS);
        assertNotNull(d);
        assertEquals("ping", d.envelope().body());
    }

    @Test
    void statusFourHundredIsDeadLetteredWithoutRetry() throws Exception {
        engine(unixFpm, echo("work"));
        engine.send(message("work", BodyType.TEXT, "reject me").toBuilder().property("fpmjms_echo_status", 422).build());
        FpmEnvelope dead = receive("DLQ");
        assertEquals(422, dead.properties().get("JMS_FPM_STATUS"));
        assertEquals(1, dead.properties().get("JMS_FPM_ATTEMPTS"));
        assertEquals("work", dead.properties().get("JMS_FPM_ORIGINAL_DESTINATION"));
        assertEquals("reject me", dead.body());
    }

    /**
     * What a worker that reads $_SERVER itself finds, per the route's wire protocol: protocol 2
     * (the default) leaves out the headers at their defaults, protocol 1 sends them all; the shipped
     * helper reads the same message from both.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void workersSeeTheParamsOfTheRoutesWireProtocol(int protocol) throws Exception {
        Path script = unixFpm.installScript("server-keys.php", """
                <?php
                require_once __DIR__ . '/fpmjms.php';
                $request = FpmJms\\Request::fromGlobals();
                $keys = array_values(array_filter(array_keys($_SERVER),
                    static fn($k) => str_starts_with($k, 'FPMJMS_')
                        || in_array($k, ['GATEWAY_INTERFACE', 'QUERY_STRING', 'SCRIPT_NAME', 'REQUEST_URI'], true)));
                sort($keys);
                header('X-Fpmjms-Properties: ' . json_encode(['seen' => ['string', implode(',', $keys)],
                    'read' => ['string', $request->priority() . '/' . $request->deliveryMode() . '/' . $request->bodyType()->value
                        . '/' . $request->deliveryCount() . '/' . $request->destination()]]));
                echo $request->text();
                """);
        FpmRoute.Builder route = FpmRoute.builder("keys").script(script.toString()).maxInFlight(2);
        if (protocol == 1) {
            route.wireProtocol(1);
        }
        engine(unixFpm, route);
        FpmEnvelope sent = message("keys", BodyType.TEXT, "hello");
        engine.send(sent.toBuilder().deliveryTime(sent.timestamp()).build()); // no delivery delay, as JMS sends it
        FpmEnvelope reply = receive("keys");
        assertEquals("hello", reply.body());
        assertEquals("4/2/TEXT/1/queue:keys", reply.properties().get("read"), "the helper reads the same message");
        String seen = (String) reply.properties().get("seen");
        if (protocol == 2) {
            assertEquals("FPMJMS_MESSAGE_ID,FPMJMS_PROTOCOL,FPMJMS_QUEUE,FPMJMS_TIMESTAMP", seen);
        } else {
            assertEquals("FPMJMS_BODY_TYPE,FPMJMS_DELIVERY_COUNT,FPMJMS_DELIVERY_MODE,FPMJMS_DELIVERY_TIME,"
                    + "FPMJMS_DESTINATION,FPMJMS_EXPIRATION,FPMJMS_MESSAGE_ID,FPMJMS_PRIORITY,FPMJMS_PROTOCOL,"
                    + "FPMJMS_QUEUE,FPMJMS_REDELIVERED,FPMJMS_TIMESTAMP,GATEWAY_INTERFACE,QUERY_STRING,REQUEST_URI,"
                    + "SCRIPT_NAME", seen);
        }
    }

    /**
     * The JMSX properties an application may set (JMSXUserID, JMSXAppID, JMSXGroupID,
     * JMSXGroupSeq) come back through the PHP helper's path, not only through the echo's fast
     * path: the helper echoes them, and a worker may set them itself.
     */
    @Test
    void settableJmsxPropertiesRoundTripThroughTheHelperPath() throws Exception {
        Path script = unixFpm.installScript("jmsx.php", """
                <?php
                require_once __DIR__ . '/fpmjms.php';
                $request = FpmJms\\Request::fromGlobals();
                FpmJms\\Reply::text($request->text())
                    ->property('JMSXUserID', 'php-' . $request->property('JMSXUserID'))
                    ->property('JMSXAppID', 'php-' . $request->property('JMSXAppID'))
                    ->property('JMSXGroupID', 'php-' . $request->property('JMSXGroupID'))
                    ->property('JMSXGroupSeq', FpmJms\\TypedValue::int($request->property('JMSXGroupSeq') + 1))
                    ->send();
                """);
        engine(unixFpm, echo("work").param("ECHO_PATH", "helper"));
        engine.send(message("work", BodyType.TEXT, "jmsx").toBuilder().property("JMSXUserID", "alice")
                .property("JMSXAppID", "billing").property("JMSXGroupID", "g-1").property("JMSXGroupSeq", 7).build());
        FpmEnvelope echoed = receive("work");
        assertEquals("jmsx", echoed.body());
        assertEquals("alice", echoed.properties().get("JMSXUserID"));
        assertEquals("billing", echoed.properties().get("JMSXAppID"));
        assertEquals("g-1", echoed.properties().get("JMSXGroupID"));
        assertEquals(7, echoed.properties().get("JMSXGroupSeq"));

        engine.shutdown();
        engine(unixFpm, FpmRoute.builder("own").script(script.toString()).maxInFlight(2));
        engine.send(message("own", BodyType.TEXT, "set").toBuilder().property("JMSXUserID", "bob")
                .property("JMSXAppID", "crm").property("JMSXGroupID", "g-2").property("JMSXGroupSeq", 1).build());
        FpmEnvelope reply = receive("own");
        assertEquals("set", reply.body());
        assertEquals("php-bob", reply.properties().get("JMSXUserID"));
        assertEquals("php-crm", reply.properties().get("JMSXAppID"));
        assertEquals("php-g-2", reply.properties().get("JMSXGroupID"));
        assertEquals(2, reply.properties().get("JMSXGroupSeq"));
    }

    @Test
    void fatalErrorIsRetriedThenDeadLetteredWithStderr() throws Exception {
        engine(unixFpm, echo("work"));
        engine.send(message("work", BodyType.TEXT, "crash").toBuilder().property("fpmjms_echo_fatal", true).build());
        FpmEnvelope dead = receive("DLQ");
        assertEquals(500, dead.properties().get("JMS_FPM_STATUS"));
        assertEquals(3, dead.properties().get("JMS_FPM_ATTEMPTS"));
        assertTrue(((String) dead.properties().get("JMS_FPM_STDERR")).contains("Fatal"), dead.properties().toString());
    }

    @Test
    void workerSlowerThanTheReadTimeoutIsRedeliveredThenDeadLettered() throws Exception {
        engine(unixFpm, echo("work").readTimeout(Duration.ofMillis(300)));
        engine.send(message("work", BodyType.TEXT, "slow").toBuilder().property("fpmjms_echo_sleep_ms", 1500).build());
        FpmEnvelope dead = receive("DLQ");
        assertEquals(3, dead.properties().get("JMS_FPM_ATTEMPTS"));
        assertTrue(((String) dead.properties().get("JMS_FPM_FAILURE")).startsWith("LOST_AFTER_WRITE"), dead.properties().toString());
    }

    @Test
    void missingScriptIsA404Rejection() throws Exception {
        engine(unixFpm, FpmRoute.builder("work").script("/nonexistent/worker.php"));
        engine.send(message("work", BodyType.TEXT, "where?"));
        FpmEnvelope dead = receive("DLQ");
        assertEquals(404, dead.properties().get("JMS_FPM_STATUS"));
        assertTrue(((String) dead.properties().get("JMS_FPM_STDERR")).contains("Primary script unknown"));
    }

    @Test
    void aReplyAgainstTheWireContractIsDeadLetteredOnTheFirstAttempt() throws Exception {
        engine(unixFpm, echo("work"));
        engine.send(message("work", BodyType.TEXT, "x").toBuilder().property("fpmjms_echo_garbage", "properties").build());
        FpmEnvelope dead = receive("DLQ");
        String failure = (String) dead.properties().get("JMS_FPM_FAILURE");
        assertTrue(failure.startsWith("PERMANENT_FAILURE") && failure.contains("wire contract"), dead.properties().toString());
        assertEquals(1, dead.properties().get("JMS_FPM_ATTEMPTS"), "it would break the contract again: no retry");
    }

    @Test
    void aReplyLargerThanTheLimitIsDeadLetteredOnTheFirstAttempt() throws Exception {
        engine(unixFpm, echo("work").maxReplyBytes(64 * 1024));
        engine.send(message("work", BodyType.BYTES, new byte[200 * 1024]));
        FpmEnvelope dead = receive("DLQ");
        String failure = (String) dead.properties().get("JMS_FPM_FAILURE");
        assertTrue(failure.startsWith("PERMANENT_FAILURE") && failure.contains("too large"), dead.properties().toString());
        assertEquals(1, dead.properties().get("JMS_FPM_ATTEMPTS"));
    }

    /**
     * The shipped echo as {@code builtin:echo}: what it could never return fails at send, where
     * before a 10 MiB property was dead-lettered after every attempt failed ("CGI response head
     * exceeds the limit of 1048576 bytes") and a 200 MiB body after every attempt ran out of PHP's
     * memory_limit.
     */
    @Test
    void whatTheBuiltinEchoCouldNeverReturnIsRefusedAtSend() throws Exception {
        FpmConfig config = FpmConfig.builder().name("it-" + UUID.randomUUID())
                .embeddedFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null))
                .route(FpmRoute.builder("echo").endpoint(FpmRoute.EMBEDDED).script("builtin:echo").maxInFlight(2)
                        .maxReplyBytes(1024 * 1024).retryPolicy(FAST_RETRY).build())
                .build();
        engine = EngineRegistry.shared().engine(config, FcgiGatewayFactory::new);
        FpmEnvelope bigProperty = message("echo", BodyType.TEXT, "x").toBuilder().property("big", "p".repeat(3 << 20)).build();
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> engine.send(bigProperty));
        assertTrue(e.getMessage().contains("reply head, which is limited to 1048576 bytes"), e.getMessage());
        FpmEnvelope bigBody = message("echo", BodyType.BYTES, new byte[2 << 20]);
        e = assertThrows(MessageTooLargeException.class, () -> engine.send(bigBody));
        assertTrue(e.getMessage().contains("(maxReplyBytes)"), e.getMessage());
        FpmEnvelope fits = message("echo", BodyType.BYTES, new byte[512 * 1024]).toBuilder()
                .property("p", "v".repeat(100_000)).build();
        engine.send(fits);
        FpmEnvelope reply = receive("echo");
        assertEquals(512 * 1024, ((byte[]) reply.body()).length);
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("DLQ")).size());
    }

    @Test
    void messagesWaitWhilePhpFpmIsDownAndAreDeliveredWhenItComesUp() throws Exception {
        Path dir = Files.createTempDirectory("fpmjms-down");
        Path socket = dir.resolve("php-fpm.sock");
        FpmConfig config = FpmConfig.builder().name("it-down-" + UUID.randomUUID())
                .route(echo("work").endpoint("unix:" + socket).retryPolicy(FAST_RETRY).build()).build();
        engine = EngineRegistry.shared().engine(config, FcgiGatewayFactory::new);
        CompletableFuture<String> reported = new CompletableFuture<>();
        engine.addListener((queue, detail) -> reported.complete(detail));
        for (int i = 0; i < 20; i++) {
            engine.send(message("work", BodyType.TEXT, "m" + i));
        }
        String detail = reported.get(20, TimeUnit.SECONDS);
        assertTrue(detail.contains(socket.toString()), detail);
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("DLQ")).size(), "nothing is dead-lettered while php-fpm is down");
        Files.createSymbolicLink(socket, Path.of(unixFpm.endpointString().substring("unix:".length())));
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FpmEnvelope reply = receive("work");
            bodies.add((String) reply.body());
            assertEquals(1, reply.properties().get("JMS_FPM_ATTEMPTS"), "refusals are not counted as deliveries");
        }
        assertEquals(20, bodies.stream().distinct().count());
        Files.delete(socket);
        Files.delete(dir);
    }
}
