package dev.fpmjms.tracing;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;

/** No spans: every call returns this one stateless instance, so the hot path allocates nothing. */
enum NoTracing implements Tracing, TraceSpan, TraceScope {
    INSTANCE;

    @Override
    public boolean spans() {
        return false;
    }

    @Override
    public TraceSpan publish(FpmEnvelope message) {
        return this;
    }

    @Override
    public TraceSpan dispatch(String queue, FpmEnvelope request, TraceContext context) {
        return this;
    }

    @Override
    public TraceSpan deliver(FpmEnvelope message, boolean listener) {
        return this;
    }

    @Override
    public TraceContext context(TraceContext fallback) {
        return fallback;
    }

    @Override
    public TraceScope makeCurrent() {
        return this;
    }

    @Override
    public void attribute(String key, String value) {
    }

    @Override
    public void attribute(String key, long value) {
    }

    @Override
    public void end(String failure) {
    }

    @Override
    public void close() {
    }
}
