package dev.fpmjms.tck;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;

/** Stands in for a provider whose {@link JmsProvider#start()} threw: every use fails with that cause. */
final class FailedProvider implements JmsProvider {

    private final JmsProvider failed;
    private final Exception cause;

    FailedProvider(JmsProvider failed, Exception cause) {
        this.failed = failed;
        this.cause = cause;
    }

    @Override
    public String name() {
        return failed.name();
    }

    private IllegalStateException failure() {
        return new IllegalStateException("provider " + failed.name() + " failed to start: " + cause, cause);
    }

    @Override
    public ConnectionFactory connectionFactory() {
        throw failure();
    }

    @Override
    public Queue queue(String name) {
        throw failure();
    }

    @Override
    public java.util.Set<Capability> unsupported() {
        return failed.unsupported();
    }

    @Override
    public void close() throws Exception {
        failed.close();
    }
}
