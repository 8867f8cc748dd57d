package dev.fpmjms.faults;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers that fail: a 500 for the first runs of a message, a run killed by php-fpm's
 * {@code request_terminate_timeout}, a worker process killed with SIGKILL in the middle of its
 * output. Every message ends as a reply or a dead letter, as the retry policy says; PHP sees
 * JMSRedelivered and JMSXDeliveryCount of each run; php-fpm replaces killed children.
 */
@Timeout(60)
class WorkerFailureIT {
    private static final int CHILDREN = 4;
    private static final RetryPolicy THREE_ATTEMPTS =
            new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.0, false);
    private static Recorder recorder;
    private FpmEngine engine;

    @BeforeAll
    static void startPhpFpm() {
        recorder = Recorder.start(new EmbeddedFpmSettings(CHILDREN, 1, Map.of(), null));
    }

    @AfterAll
    static void stopPhpFpm() {
        recorder.close();
    }

    @AfterEach
    void shutdownEngine() {
        if (engine != null) {
            engine.shutdown();
        }
    }

    private FpmEngine engine(FpmRoute.Builder route) {
        engine = EngineRegistry.shared().engine(FpmConfig.builder().name("faults-" + UUID.randomUUID())
                .route(route.maxInFlight(CHILDREN).retryPolicy(THREE_ATTEMPTS).build()).build(), FcgiGatewayFactory::new);
        return engine;
    }

    private FpmEnvelope send(String body, String property, Object value) throws Exception {
        FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                .timestamp(System.currentTimeMillis()).body(BodyType.TEXT, body).property(property, value).build();
        engine.send(e);
        return e;
    }

    private static Map<String, FpmEnvelope> byId(List<FpmEnvelope> messages) {
        return messages.stream().collect(Collectors.toMap(FpmEnvelope::messageId, m -> m));
    }

    /** Messages with neither a reply nor a dead letter. */
    private static long lost(List<FpmEnvelope> sent, Set<String> settled) {
        return sent.stream().filter(m -> !settled.contains(m.messageId())).count();
    }

    /** Runs that did the work, per message of {@code sent} that PHP did at least once. */
    private static Map<String, Integer> done(List<FpmEnvelope> sent) {
        Map<String, Integer> all = recorder.done();
        Map<String, Integer> mine = new HashMap<>();
        for (FpmEnvelope m : sent) {
            if (all.containsKey(m.messageId())) {
                mine.put(m.messageId(), all.get(m.messageId()));
            }
        }
        return mine;
    }

    private static long duplicated(Map<String, Integer> done) {
        return done.values().stream().mapToLong(n -> n - 1).sum();
    }

    @Test
    void workerFailingTheFirstTwoRunsIsDeliveredOnTheThirdAndSeesTheRedeliveries() throws Exception {
        engine(recorder.route("work"));
        List<FpmEnvelope> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(send("m" + i, "faults_fail_first", 2));
        }
        Map<String, FpmEnvelope> replies = byId(Drain.take(engine, "work", sent.size(), 20_000, recorder));
        for (FpmEnvelope request : sent) {
            FpmEnvelope reply = replies.get(request.messageId());
            assertTrue(reply != null, "reply to " + request.messageId());
            assertEquals(3, reply.properties().get("JMS_FPM_ATTEMPTS"));
            assertEquals(200, reply.properties().get("JMS_FPM_STATUS"));
            assertEquals("1:0,2:1,3:1", reply.properties().get("faults_seen"), "(FPMJMS_DELIVERY_COUNT:FPMJMS_REDELIVERED) per run");
            assertEquals(request.body(), reply.body());
        }
        Map<String, Integer> done = done(sent);
        new Figures("fail-first-2", sent.size(), done.size(),
                duplicated(done), lost(sent, replies.keySet()), "runs=" + 3 * sent.size() + " deadLettered=0").printAndCheck();
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("DLQ")).size());
    }

    @Test
    void deadLettersOfAWorkerFailingThreeRunsGoBackForAnotherTryAndSucceed() throws Exception {
        engine(recorder.route("work"));
        List<FpmEnvelope> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(send("d" + i, "faults_fail_first", 3));
        }
        Map<String, FpmEnvelope> dead = byId(Drain.take(engine, "DLQ", sent.size(), 20_000, recorder));
        assertEquals(sent.size(), dead.size(), "dead letters");
        for (FpmEnvelope d : dead.values()) {
            assertEquals(3, d.properties().get("JMS_FPM_ATTEMPTS"));
            assertEquals(500, d.properties().get("JMS_FPM_STATUS"));
            assertEquals("work", d.properties().get("JMS_FPM_ORIGINAL_DESTINATION"));
            assertTrue(((String) d.properties().get("JMS_FPM_FAILURE")).startsWith("WORKER_FAILURE: worker replied status 500"),
                    d.properties().toString());
        }
        assertTrue(done(sent).isEmpty(), "no run did the work");

        // Dead letters taken and acknowledged above are gone; make new ones and move them back.
        for (int i = 10; i < 20; i++) {
            sent.add(send("d" + i, "faults_fail_first", 3));
        }
        awaitSize("DLQ", 10);
        assertEquals(10, engine.redeliverDeadLetters("work", 100));
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("DLQ")).size());
        Map<String, FpmEnvelope> replies = byId(Drain.take(engine, "work", 10, 20_000, recorder));
        assertEquals(10, replies.size());
        for (FpmEnvelope reply : replies.values()) {
            assertEquals(1, reply.properties().get("JMS_FPM_ATTEMPTS"), "a fresh attempt count");
            assertEquals("1:0,2:1,3:1,1:0", reply.properties().get("faults_seen"));
            assertEquals(3, reply.properties().get("faults_fail_first"), "the message's own properties go back with it");
        }
        Set<String> settled = new HashSet<>(dead.keySet());
        settled.addAll(replies.keySet());
        Map<String, Integer> done = done(sent);
        new Figures("dead-letter-redeliver", sent.size(), done.size(),
                duplicated(done), lost(sent, settled), "deadLettered=20 movedBack=10 deliveredAfterMove=" + replies.size())
                .printAndCheck();
    }

    @Test
    void runKilledByRequestTerminateTimeoutIsRetriedThenDeadLettered() throws Exception {
        // Without keep-alive: a run killed before any output on a *reused* connection is resent
        // once by the FastCGI client (it looks like a connection php-fpm closed while idle;
        // FcgiIoLoop), which would make PHP's run count depend on which connection each try took.
        engine(recorder.route("work").readTimeout(Duration.ofSeconds(20)).keepAlive(false));
        FpmEnvelope always = send("slow", "faults_sleep_ms", 3000);
        FpmEnvelope once = send("slow once", "faults_sleep_first_ms", 3000);
        FpmEnvelope reply = Drain.take(engine, "work", 1, 20_000, recorder).get(0);
        assertEquals(once.messageId(), reply.messageId());
        assertEquals(2, reply.properties().get("JMS_FPM_ATTEMPTS"));
        assertEquals("1:0,2:1", reply.properties().get("faults_seen"));
        FpmEnvelope dead = Drain.take(engine, "DLQ", 1, 30_000, recorder).get(0);
        assertEquals(always.messageId(), dead.messageId());
        assertEquals(3, dead.properties().get("JMS_FPM_ATTEMPTS"));
        String failure = (String) dead.properties().get("JMS_FPM_FAILURE");
        System.out.println("faults: request_terminate_timeout JMS_FPM_FAILURE=" + failure);
        assertTrue(failure.startsWith("LOST_AFTER_WRITE: ") && failure.contains("request_terminate_timeout"), failure);
        assertEquals(3, recorder.runs(always.messageId()).size(), "runs: " + recorder.runs(always.messageId()));
        Map<String, Integer> done = done(List.of(always, once));
        assertEquals(Map.of(once.messageId(), 1), done);
        new Figures("request-terminate-timeout", 2, done.size(), duplicated(done), 0,
                "deadLettered=1 runs=" + (recorder.runs(always.messageId()).size() + recorder.runs(once.messageId()).size()))
                .printAndCheck();
    }

    @Test
    void workerKilledMidOutputIsRetriedAndPhpFpmReplacesTheChild() throws Exception {
        engine(recorder.route("work"));
        long master = recorder.fpm().pid();
        List<FpmEnvelope> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(send("k" + i, "faults_kill", "first"));
        }
        FpmEnvelope always = send("doomed", "faults_kill", "always");
        sent.add(always);
        Map<String, FpmEnvelope> replies = byId(Drain.take(engine, "work", 8, 20_000, recorder));
        FpmEnvelope dead = Drain.take(engine, "DLQ", 1, 20_000, recorder).get(0);
        assertEquals(always.messageId(), dead.messageId());
        assertEquals(3, dead.properties().get("JMS_FPM_ATTEMPTS"));
        String failure = (String) dead.properties().get("JMS_FPM_FAILURE");
        System.out.println("faults: SIGKILL mid-output JMS_FPM_FAILURE=" + failure);
        assertTrue(failure.startsWith("LOST_AFTER_WRITE: "), failure);
        Set<Long> killed = new HashSet<>();
        for (FpmEnvelope request : sent.subList(0, 8)) {
            FpmEnvelope reply = replies.get(request.messageId());
            assertTrue(reply != null, "reply to " + request.messageId());
            assertEquals(2, reply.properties().get("JMS_FPM_ATTEMPTS"));
            assertEquals("1:0,2:1", reply.properties().get("faults_seen"));
            List<Recorder.Run> runs = recorder.runs(request.messageId());
            killed.add(runs.get(0).pid());
            assertNotEquals(runs.get(0).pid(), ((Number) reply.properties().get("faults_pid")).longValue());
        }
        recorder.runs(always.messageId()).forEach(r -> killed.add(r.pid()));

        // php-fpm replaced every killed child: the pool is back to full size with new processes.
        Await.until("the php-fpm master " + master + " has " + CHILDREN + " children, none of them killed",
                Duration.ofSeconds(30), () -> {
                    Set<Long> now = children(master);
                    return now.size() == CHILDREN && killed.stream().noneMatch(now::contains);
                });
        Set<Long> children = children(master);
        assertEquals(CHILDREN, children.size(), "children of the php-fpm master " + master);
        for (long pid : killed) {
            assertFalse(children.contains(pid), "killed child " + pid + " is gone");
        }
        Map<String, Integer> done = done(sent);
        new Figures("sigkill-mid-output", sent.size(), done.size(), duplicated(done), lost(sent, unionWith(replies.keySet(), dead.messageId())),
                "deadLettered=1 childrenKilled=" + killed.size()).printAndCheck();
    }

    private static Set<Long> children(long master) {
        return ProcessHandle.of(master).orElseThrow().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static Set<String> unionWith(Set<String> ids, String id) {
        Set<String> all = new HashSet<>(ids);
        all.add(id);
        return all;
    }

    private void awaitSize(String queue, long size) throws Exception {
        Await.until(queue + " holds " + size + " messages", Duration.ofSeconds(20),
                () -> engine.consumerQueue(DestinationRef.queue(queue)).size() >= size);
        assertEquals(size, engine.consumerQueue(DestinationRef.queue(queue)).size(), queue + " size");
    }
}
