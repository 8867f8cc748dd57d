package dev.fpmjms.jms;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.dispatch.WorkerGatewayFactory;

import java.util.function.Function;

/**
 * The gateway factory used until the php-fpm dispatcher is part of the build: it refuses to
 * start an engine, so that a connection fails at once with a clear message instead of queueing
 * messages that nothing would deliver.
 */
final class DispatchUnavailable implements Function<FpmConfig, WorkerGatewayFactory> {
    static final DispatchUnavailable INSTANCE = new DispatchUnavailable();

    private DispatchUnavailable() {
    }

    @Override
    public WorkerGatewayFactory apply(FpmConfig config) {
        throw new IllegalStateException("php-fpm dispatch not available in this build of fpm-jms (config '"
                + config.name() + "')");
    }
}
