package dev.fpmjms.metrics;

import dev.fpmjms.gateway.DeliveryOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters over an engine's metrics: gauges, function counters and function timers that
 * read {@link EngineMetrics} snapshots, so nothing is counted twice. The only class of fpm-jms that
 * imports {@code io.micrometer}: the provider runs without Micrometer on the class path as long as
 * this class is not used. Names, types, tags and units: {@code docs/operations.md}, "Metrics".
 *
 * <pre>{@code
 * new FpmMetricsBinder(connectionFactory::metrics).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Reads share one snapshot for up to {@value #MAX_AGE_MILLIS} ms, so the meters read by one
 * scrape describe one moment and a scrape takes one snapshot, not one per meter. The queues of the
 * snapshot at {@link #bindTo} get their meters then; a queue that appears later (a queue of the
 * default route at its first use, or the queues of an engine started after binding) gets them when
 * a later read's snapshot first shows it, so from the next scrape on. Counters count from zero
 * when an engine starts (a restarted engine's counters start again, as after a process restart);
 * while no engine runs, every meter reads 0.
 *
 * <p>The registries the binder is bound to keep it alive (a gauge holds it strongly). Thread-safe.
 */
public final class FpmMetricsBinder implements MeterBinder {

    static final long MAX_AGE_MILLIS = 1000;
    private static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS);

    private final Supplier<EngineMetrics> source;
    private final LongSupplier nanoClock;
    /** The queues that have meters, per registry bound to. */
    private final Map<MeterRegistry, Set<String>> bound = new LinkedHashMap<>();
    private EngineMetrics last;
    private long lastNanos;

    /**
     * @param source the engine's metrics, typically {@code connectionFactory::metrics}
     *               ({@link dev.fpmjms.jms.FpmConnectionFactory#metrics()}), which reads the running
     *               engine and never starts one; called at most once per {@value #MAX_AGE_MILLIS} ms
     */
    public FpmMetricsBinder(Supplier<EngineMetrics> source) {
        this(source, System::nanoTime);
    }

    /** As above, with the clock that ages snapshots ({@code System::nanoTime}; tests pass their own). */
    FpmMetricsBinder(Supplier<EngineMetrics> source, LongSupplier nanoClock) {
        this.source = Objects.requireNonNull(source, "source");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        EngineMetrics now;
        synchronized (this) {
            now = refresh();
            bound.putIfAbsent(registry, new HashSet<>());
        }
        bindEngine(registry, Tags.of("engine", now.engine()));
        bindNewQueues(now);
    }

    /** The snapshot to read now: the last one while it is young, else a fresh one. */
    private EngineMetrics current() {
        EngineMetrics now;
        synchronized (this) {
            if (last != null && nanoClock.getAsLong() - lastNanos < MAX_AGE_NANOS) {
                return last;
            }
            now = refresh();
        }
        bindNewQueues(now);
        return now;
    }

    private EngineMetrics refresh() {
        last = source.get();
        lastNanos = nanoClock.getAsLong();
        return last;
    }

    /** Registers the meters of the snapshot's queues that a registry has none for yet. */
    private void bindNewQueues(EngineMetrics now) {
        for (QueueMetrics q : now.queues()) {
            for (MeterRegistry registry : registriesWithout(q.queue())) {
                bindQueue(registry, Tags.of("engine", now.engine(), "queue", q.queue(), "route", q.route()), q.queue());
            }
        }
    }

    private synchronized Set<MeterRegistry> registriesWithout(String queue) {
        Set<MeterRegistry> out = new HashSet<>();
        for (Map.Entry<MeterRegistry, Set<String>> e : bound.entrySet()) {
            if (e.getValue().add(queue)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private double queue(String name, ToDoubleFunction<QueueMetrics> value) {
        return current().queue(name).map(value::applyAsDouble).orElse(0.0);
    }

    /** A journal gauge's value; NaN (no value) without a journal. */
    private double journal(ToDoubleFunction<JournalMetrics> value) {
        JournalMetrics j = current().journal();
        return j == null ? Double.NaN : value.applyAsDouble(j);
    }

    /** A journal count; 0 without a journal, as counters have no "no value". */
    private double journalCount(ToDoubleFunction<JournalMetrics> value) {
        JournalMetrics j = current().journal();
        return j == null ? 0 : value.applyAsDouble(j);
    }

    private void bindEngine(MeterRegistry registry, Tags tags) {
        Gauge.builder("fpmjms.dead.letter.queue.depth", this, b -> b.current().deadLetterQueueDepth())
                .tags(tags).baseUnit("messages").strongReference(true)
                .description("messages in the dead-letter queue").register(registry);
        Gauge.builder("fpmjms.journal.size", this, b -> b.journal(JournalMetrics::sizeBytes))
                .tags(tags).baseUnit("bytes").description("bytes of records in the journal's segment files")
                .register(registry);
        Gauge.builder("fpmjms.journal.live", this, b -> b.journal(JournalMetrics::liveBytes))
                .tags(tags).baseUnit("bytes").description("bytes of the records of messages still stored")
                .register(registry);
        FunctionTimer.builder("fpmjms.journal.force", this,
                        b -> (long) b.journalCount(j -> j.forceLatency().count()), b -> b.journalCount(j -> j.forceLatency().sum()),
                        TimeUnit.MICROSECONDS)
                .tags(tags).description("forces of the journal's group commits").register(registry);
        bindBuckets(registry, "fpmjms.journal.force.buckets", tags, JournalMetrics.FORCE_LATENCY_BOUNDS_US, 6,
                bound -> b -> b.journalCount(j -> j.forceLatency().countAtOrBelow(bound)),
                b -> b.journalCount(j -> j.forceLatency().count()), "forces");
    }

    private void bindQueue(MeterRegistry registry, Tags tags, String q) {
        Gauge.builder("fpmjms.queue.waiting.dispatch", this, b -> b.queue(q, QueueMetrics::waitingForDispatch))
                .tags(tags).baseUnit("messages").description("requests not handed to php-fpm yet").register(registry);
        Gauge.builder("fpmjms.queue.in.flight", this, b -> b.queue(q, QueueMetrics::inFlight))
                .tags(tags).baseUnit("messages").description("requests in php-fpm, outcome not settled")
                .register(registry);
        Gauge.builder("fpmjms.queue.waiting.consumers", this, b -> b.queue(q, QueueMetrics::waitingForConsumers))
                .tags(tags).baseUnit("messages").description("replies no consumer has taken yet").register(registry);
        FunctionCounter.builder("fpmjms.queue.dispatched", this, b -> b.queue(q, QueueMetrics::dispatched))
                .tags(tags).baseUnit("attempts").description("attempts started").register(registry);
        for (DeliveryOutcome.Result r : DeliveryOutcome.Result.values()) {
            FunctionCounter.builder("fpmjms.queue.outcomes", this, b -> b.queue(q, m -> m.outcome(r)))
                    .tags(tags).tag("outcome", r.name().toLowerCase(Locale.ROOT)).baseUnit("attempts")
                    .description("attempts ended, by class of outcome").register(registry);
        }
        FunctionCounter.builder("fpmjms.queue.retries", this, b -> b.queue(q, QueueMetrics::retries))
                .tags(tags).baseUnit("attempts").description("failed attempts sent back for another one")
                .register(registry);
        FunctionCounter.builder("fpmjms.queue.dead.letters", this, b -> b.queue(q, QueueMetrics::deadLetters))
                .tags(tags).baseUnit("messages").description("requests moved to the dead-letter queue")
                .register(registry);
        FunctionCounter.builder("fpmjms.queue.reply.bytes", this, b -> b.queue(q, QueueMetrics::replyBytes))
                .tags(tags).baseUnit("bytes").description("bytes the workers wrote to STDOUT").register(registry);
        FunctionTimer.builder("fpmjms.queue.php.time", this,
                        b -> (long) b.queue(q, m -> m.phpTime().count()), b -> b.queue(q, m -> m.phpTime().sum()),
                        TimeUnit.MILLISECONDS)
                .tags(tags).description("time from writing a request to the end of its reply").register(registry);
        bindBuckets(registry, "fpmjms.queue.php.time.buckets", tags, QueueCounters.PHP_TIME_BOUNDS_MS, 3,
                bound -> b -> b.queue(q, m -> m.phpTime().countAtOrBelow(bound)),
                b -> b.queue(q, m -> m.phpTime().count()), "attempts");
    }

    /** Cumulative bucket counters, tag {@code le} in seconds (as Prometheus histograms have it), and {@code +Inf}. */
    private void bindBuckets(MeterRegistry registry, String name, Tags tags, long[] bounds, int unitScale,
                             java.util.function.LongFunction<ToDoubleFunction<FpmMetricsBinder>> atOrBelow,
                             ToDoubleFunction<FpmMetricsBinder> all, String unit) {
        for (long bound : bounds) {
            FunctionCounter.builder(name, this, atOrBelow.apply(bound)).tags(tags)
                    .tag("le", BigDecimal.valueOf(bound, unitScale).stripTrailingZeros().toPlainString())
                    .baseUnit(unit).description("cumulative count at or below le seconds").register(registry);
        }
        FunctionCounter.builder(name, this, all).tags(tags).tag("le", "+Inf").baseUnit(unit)
                .description("cumulative count at or below le seconds").register(registry);
    }
}
