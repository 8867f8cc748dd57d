package dev.fpmjms.tracing;

/** The time a span is current on a thread; closed on that thread, once. Never throws. */
public interface TraceScope extends AutoCloseable {
    @Override
    void close();
}
