package dev.fpmjms.metrics;

import dev.fpmjms.gateway.DeliveryOutcome.Result;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Micrometer meters over canned snapshots: names, tags, values, buckets, queues that appear later. */
class FpmMetricsBinderTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final AtomicReference<EngineMetrics> source = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final FpmMetricsBinder binder = new FpmMetricsBinder(() -> {
        reads.incrementAndGet();
        return source.get();
    }, clock::get);

    private static QueueMetrics queue(String name, String route, long successes, long... phpMillis) {
        LatencyHistogram php = new LatencyHistogram(TimeUnit.MILLISECONDS, QueueCounters.PHP_TIME_BOUNDS_MS);
        for (long ms : phpMillis) {
            php.record(ms);
        }
        Map<Result, Long> outcomes = new EnumMap<>(Result.class);
        outcomes.put(Result.SUCCESS, successes);
        outcomes.put(Result.WORKER_FAILURE, 2L);
        return new QueueMetrics(name, route, 3, 1, 4, successes + 2, outcomes, 1, 1, php.snapshot(), 500);
    }

    private static JournalMetrics journal() {
        LatencyHistogram force = new LatencyHistogram(TimeUnit.MICROSECONDS, JournalMetrics.FORCE_LATENCY_BOUNDS_US);
        force.record(80);
        force.record(2_000);
        return new JournalMetrics(4096, 1024, force.snapshot());
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void everyQueueHasItsMetersTaggedWithEngineQueueAndRoute() {
        source.set(new EngineMetrics("app", true, List.of(queue("invoices", "invoices", 7, 3, 40, 90_000)), 5, journal()));
        binder.bindTo(registry);
        String[] q = {"engine", "app", "queue", "invoices", "route", "invoices"};
        assertEquals(3, registry.get("fpmjms.queue.waiting.dispatch").tags(q).gauge().value());
        assertEquals(1, registry.get("fpmjms.queue.in.flight").tags(q).gauge().value());
        assertEquals(4, registry.get("fpmjms.queue.waiting.consumers").tags(q).gauge().value());
        assertEquals(9, counter("fpmjms.queue.dispatched", q));
        assertEquals(7, counter("fpmjms.queue.outcomes", "queue", "invoices", "outcome", "success"));
        assertEquals(2, counter("fpmjms.queue.outcomes", "queue", "invoices", "outcome", "worker_failure"));
        assertEquals(0, counter("fpmjms.queue.outcomes", "queue", "invoices", "outcome", "not_delivered"));
        assertEquals(1, counter("fpmjms.queue.retries", q));
        assertEquals(1, counter("fpmjms.queue.dead.letters", q));
        assertEquals(500, counter("fpmjms.queue.reply.bytes", q));
        FunctionTimer php = registry.get("fpmjms.queue.php.time").tags(q).functionTimer();
        assertEquals(3, php.count());
        assertEquals(90_043, php.totalTime(TimeUnit.MILLISECONDS));
        assertEquals(1, counter("fpmjms.queue.php.time.buckets", "queue", "invoices", "le", "0.005"));
        assertEquals(2, counter("fpmjms.queue.php.time.buckets", "queue", "invoices", "le", "0.05"));
        assertEquals(2, counter("fpmjms.queue.php.time.buckets", "queue", "invoices", "le", "60"));
        assertEquals(3, counter("fpmjms.queue.php.time.buckets", "queue", "invoices", "le", "+Inf"));

        assertEquals(5, registry.get("fpmjms.dead.letter.queue.depth").tag("engine", "app").gauge().value());
        assertEquals(4096, registry.get("fpmjms.journal.size").gauge().value());
        assertEquals(1024, registry.get("fpmjms.journal.live").gauge().value());
        FunctionTimer force = registry.get("fpmjms.journal.force").functionTimer();
        assertEquals(2, force.count());
        assertEquals(2_080, force.totalTime(TimeUnit.MICROSECONDS));
        assertEquals(1, counter("fpmjms.journal.force.buckets", "le", "0.0001"));
        assertEquals(2, counter("fpmjms.journal.force.buckets", "le", "0.0025"));
        assertEquals(1, reads.get(), "one snapshot for all the meters read at once");
    }

    @Test
    void aQueueThatAppearsLaterGetsItsMetersAtTheFirstReadThatShowsIt() {
        source.set(new EngineMetrics("app", true, List.of(queue("invoices", "invoices", 1)), 0, null));
        binder.bindTo(registry);
        assertNull(registry.find("fpmjms.queue.dispatched").tag("queue", "mail").functionCounter());

        source.set(new EngineMetrics("app", true, List.of(queue("invoices", "invoices", 2), queue("mail", "*", 6)), 0, null));
        assertEquals(1, counter("fpmjms.queue.outcomes", "queue", "invoices", "outcome", "success"), "the snapshot is young");
        clock.addAndGet(SECOND);
        assertEquals(2, counter("fpmjms.queue.outcomes", "queue", "invoices", "outcome", "success"));
        assertEquals(6, counter("fpmjms.queue.outcomes", "queue", "mail", "route", "*", "outcome", "success"));
        assertTrue(Double.isNaN(registry.get("fpmjms.journal.size").gauge().value()), "no journal");
        long meters = registry.getMeters().size();
        clock.addAndGet(SECOND);
        counter("fpmjms.queue.dispatched", "queue", "mail");
        assertEquals(meters, registry.getMeters().size(), "each queue's meters registered once");
    }

    @Test
    void whileNoEngineRunsEveryQueueReadsZero() {
        source.set(new EngineMetrics("app", true, List.of(queue("invoices", "invoices", 4)), 0, null));
        binder.bindTo(registry);
        source.set(EngineMetrics.notRunning("app"));
        clock.addAndGet(SECOND);
        assertEquals(0, counter("fpmjms.queue.dispatched", "queue", "invoices"));
        assertEquals(0, registry.get("fpmjms.queue.in.flight").gauge().value());
        for (Meter m : registry.getMeters()) {
            if (m instanceof FunctionCounter c) {
                assertEquals(0, c.count(), m.getId().toString());
            }
        }
    }
}
