package dev.fpmjms.faults;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.ShutdownReport;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutdown drains: a slow worker on a real php-fpm ({@code recorder.php}, one request at a time)
 * and NON_PERSISTENT messages queued behind it when the engine shuts down. A drain timeout long
 * enough lets every one be processed and drops nothing; a short one drops the rest, and the report
 * counts exactly the messages PHP did not process; journaled messages are kept, not waited for.
 */
@Timeout(120)
class ShutdownDrainIT {
    @TempDir
    Path dataDir;

    private static FpmConfig config(Recorder recorder, Duration drainTimeout, Path dataDirectory) {
        return FpmConfig.builder().name("faults-drain-" + UUID.randomUUID()).drainTimeout(drainTimeout)
                .dataDirectory(dataDirectory)
                .route(recorder.route("work").maxInFlight(1).replyPolicy(ReplyPolicy.DISCARD).build())
                .build();
    }

    private static List<String> send(FpmEngine engine, int count, int sleepMillis, boolean persistent) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                    .timestamp(System.currentTimeMillis()).persistent(persistent)
                    .body(BodyType.TEXT, Integer.toString(i)).property("faults_sleep_ms", sleepMillis).build();
            engine.send(e);
            ids.add(e.messageId());
        }
        return ids;
    }

    @Test
    void aLongEnoughDrainProcessesEveryQueuedMessageAndRefusesLateSends() throws Exception {
        try (Recorder recorder = Recorder.start(new EmbeddedFpmSettings(2, 0, Map.of(), null))) {
            FpmEngine engine = new EngineRegistry().engine(config(recorder, Duration.ofSeconds(60), null),
                    FcgiGatewayFactory::new);
            List<String> ids = send(engine, 8, 150, false);
            CompletableFuture<ShutdownReport> shutdown = CompletableFuture.supplyAsync(engine::shutdown);
            Await.until("the shutdown has started", Duration.ofSeconds(20), engine::isShuttingDown);

            FpmEnvelope late = FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                    .persistent(false).body(BodyType.TEXT, "late").build();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> engine.send(late));
            assertTrue(refused.getMessage().contains("is shutting down") && refused.getMessage().contains("drainTimeout"),
                    refused.getMessage());

            ShutdownReport report = shutdown.get(90, TimeUnit.SECONDS);
            assertTrue(report.drained(), report.describe());
            assertEquals(0, report.dropped(), report.describe());
            assertTrue(engine.isShutdown());
            Map<String, Integer> done = recorder.done();
            for (String id : ids) {
                assertEquals(1, done.getOrDefault(id, 0), "runs that did the work of " + id);
            }
            assertFalse(done.containsKey(late.messageId()), "the refused message never ran");
            assertEquals(report, engine.shutdown(), "a second shutdown returns the same report");
        }
    }

    @Test
    void aShortDrainDropsWhatWasNotProcessedAndCountsIt() throws Exception {
        int count = 20;
        List<String> ids;
        ShutdownReport report;
        try (Recorder recorder = Recorder.start(new EmbeddedFpmSettings(2, 0, Map.of(), null))) {
            FpmEngine engine = new EngineRegistry().engine(config(recorder, Duration.ofMillis(200), null),
                    FcgiGatewayFactory::new);
            // 20 x 500 ms of work one at a time: far more than the drain allows.
            ids = send(engine, count, 500, false);
            report = engine.shutdown();
            // Stopping php-fpm ends any run still going: what is done now is all there will be.
            recorder.fpm().close();
            Map<String, Integer> done = recorder.done();
            long processed = ids.stream().filter(done::containsKey).count();

            assertFalse(report.drained(), report.describe());
            long dropped = report.droppedRequests("work");
            long notDispatched = report.notDispatched().getOrDefault("work", 0L);
            assertEquals(dropped, report.dropped(), "only requests were held: " + report.describe());
            assertTrue(notDispatched > 0, report.describe());
            // Every message not reported dropped was processed; a message reported as not
            // dispatched never ran; one reported in flight may or may not have.
            assertTrue(processed >= count - dropped, processed + " processed, " + report.describe());
            assertTrue(processed <= count - notDispatched, processed + " processed, " + report.describe());
            for (String id : ids) {
                assertTrue(done.getOrDefault(id, 0) <= 1, "runs that did the work of " + id);
            }
            assertTrue(report.describe().contains("not dispatched {work=" + notDispatched + "}"), report.describe());
        }
    }

    @Test
    void journaledMessagesDoNotHoldTheDrainUpAndStayForTheNextStart() throws Exception {
        int count = 5;
        try (Recorder recorder = Recorder.start(new EmbeddedFpmSettings(2, 0, Map.of(), null))) {
            FpmConfig config = config(recorder, Duration.ofSeconds(60), dataDir);
            FpmEngine engine = new EngineRegistry().engine(config, FcgiGatewayFactory::new);
            List<String> ids = send(engine, count, 300, true);
            ShutdownReport report = engine.shutdown();
            assertTrue(report.drained(), report.describe());
            assertEquals(0, report.dropped(), report.describe());
            long kept = report.kept().getOrDefault("work", 0L);
            // Acknowledged messages left the journal after they were done; the others are kept.
            long doneAtShutdown = ids.stream().filter(recorder.done()::containsKey).count();
            assertTrue(kept + doneAtShutdown >= count, kept + " kept, " + doneAtShutdown + " done");

            FpmEngine next = new EngineRegistry().engine(config, FcgiGatewayFactory::new);
            try {
                Await.until("every journaled message is done after the restart", Duration.ofSeconds(60),
                        () -> ids.stream().allMatch(recorder.done()::containsKey));
            } finally {
                next.shutdown();
            }
        }
    }

    @Test
    void zeroDrainTimeoutDoesNotWait() throws Exception {
        try (Recorder recorder = Recorder.start(new EmbeddedFpmSettings(2, 0, Map.of(), null))) {
            FpmEngine engine = new EngineRegistry().engine(config(recorder, Duration.ZERO, null),
                    FcgiGatewayFactory::new);
            send(engine, 5, 1_000, false);
            ShutdownReport report = engine.shutdown();
            assertFalse(report.drained(), report.describe());
            assertTrue(report.droppedRequests("work") > 0, report.describe());
        }
    }
}
