/**
 * Metrics of an engine, read on demand, with no dependency beyond the JDK: the counters the engine
 * records on its hot paths ({@link dev.fpmjms.metrics.QueueCounters},
 * {@link dev.fpmjms.metrics.LatencyHistogram}: {@code LongAdder}s, no lock and no allocation per
 * message), the immutable snapshots a reader gets ({@link dev.fpmjms.metrics.EngineMetrics},
 * {@link dev.fpmjms.metrics.QueueMetrics}, {@link dev.fpmjms.metrics.JournalMetrics},
 * {@link dev.fpmjms.metrics.HistogramSnapshot}), their JMX form ({@link dev.fpmjms.metrics.MetricsJmx})
 * and, when Micrometer is on the class path, its meters ({@link dev.fpmjms.metrics.FpmMetricsBinder},
 * the only class that imports {@code io.micrometer}). Names, units and the matching JMX attributes:
 * {@code docs/operations.md}, section "Metrics".
 *
 * <p>Layer: beside {@code health}, below the engine. May import {@code gateway} (the outcome
 * classes) and {@code health} (the JMX naming); never the engine, {@code store} or
 * {@code jakarta.jms}.
 */
package dev.fpmjms.metrics;
