package dev.fpmjms.tracing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link OtelTracing} by name, only when the OpenTelemetry API is on the class path, so that
 * no {@code io.opentelemetry} class is touched without it. Once per class loader; a failure to
 * load (an API too old or incomplete) is logged at WARN once and means no spans.
 */
final class TracingLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TracingLoader.class);
    static final String API_CLASS = "io.opentelemetry.api.GlobalOpenTelemetry";
    private static final String IMPLEMENTATION = "dev.fpmjms.tracing.OtelTracing";

    private TracingLoader() {
    }

    /** The shared OpenTelemetry tracing, or no tracing without the API. */
    static Tracing openTelemetry() {
        return Holder.INSTANCE;
    }

    /** Whether the OpenTelemetry API can be loaded by fpm-jms's class loader. */
    static boolean apiPresent(ClassLoader loader) {
        try {
            Class.forName(API_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static Tracing load(ClassLoader loader) {
        if (!apiPresent(loader)) {
            LOG.debug("fpm-jms tracing: no OpenTelemetry API on the class path ({} not found): no spans", API_CLASS);
            return NoTracing.INSTANCE;
        }
        try {
            return (Tracing) Class.forName(IMPLEMENTATION, true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("fpm-jms tracing: the OpenTelemetry API on the class path cannot be used ({}): no spans", e.toString());
            return NoTracing.INSTANCE;
        }
    }

    /** Initialised on first use, under the JVM's class-initialisation lock. */
    private static final class Holder {
        static final Tracing INSTANCE = load(TracingLoader.class.getClassLoader());
    }
}
