package dev.fpmjms.spring.boot;

import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.metrics.FpmMetricsBinder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.jms.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters in Boot's {@link ApplicationContextRunner} with Actuator's metrics auto-configuration
 * and its simple registry: the binder is a bean bound to the registry, its meters read the running
 * engine; none without Micrometer; the application's own binder wins.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FpmMetricsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class, FpmMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

    @Test
    void theFactorysMetersAreInTheApplicationsRegistry() {
        runner.withPropertyValues("fpmjms.uri=fpm://?name=metrics-starter&localQueues=replies"
                + "&route.orders=unix:/nonexistent/fpm.sock|/srv/app/orders.php").run(context -> {
            assertThat(context).hasSingleBean(FpmMetricsBinder.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            FpmConnectionFactory factory = context.getBean(FpmConnectionFactory.class);
            try (Connection connection = factory.createConnection()) {
                // A read takes a snapshot of the running engine (the binder keeps one up to a
                // second, the first taken before the engine ran); the snapshot that shows the
                // route brings its meters.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                Gauge deadLetters = registry.get("fpmjms.dead.letter.queue.depth").gauge();
                while (registry.find("fpmjms.queue.in.flight").tag("queue", "orders").gauge() == null
                        && System.nanoTime() < deadline) {
                    deadLetters.value();
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                assertThat(registry.find("fpmjms.queue.in.flight").tag("queue", "orders").gauge()).isNotNull();
                assertThat(registry.find("fpmjms.queue.dispatched").tag("queue", "orders").functionCounter()).isNotNull();
                assertThat(registry.get("fpmjms.dead.letter.queue.depth").tag("engine", "metrics-starter").gauge().value())
                        .isEqualTo(0.0);
            } finally {
                factory.shutdown();
            }
        });
    }

    @Test
    void withoutMicrometerThereIsNoBinder() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> {
            assertThat(context).hasSingleBean(FpmConnectionFactory.class);
            assertThat(context).doesNotHaveBean(FpmMetricsBinder.class);
        });
    }

    @Test
    void theApplicationsOwnBinderWins() {
        runner.withUserConfiguration(OwnBinder.class).run(context -> {
            assertThat(context).hasSingleBean(FpmMetricsBinder.class);
            assertThat(context).hasBean("ownBinder");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBinder {
        @Bean
        FpmMetricsBinder ownBinder(FpmConnectionFactory factory) {
            return new FpmMetricsBinder(factory::metrics);
        }
    }
}
