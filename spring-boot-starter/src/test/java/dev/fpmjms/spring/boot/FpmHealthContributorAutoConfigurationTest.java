package dev.fpmjms.spring.boot;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health contributor in Boot's {@link ApplicationContextRunner}: made only with Actuator and a
 * factory, switched off by property; its answers without php-fpm (the first check starts the engine, local
 * queues only, an endpoint nobody listens on). {@code FpmJmsStarterIT} and the Spring Boot example check it on a
 * real php-fpm.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FpmHealthContributorAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class, FpmHealthContributorAutoConfiguration.class));

    @Test
    void withActuatorTheFactoryHasAnFpmjmsIndicator() {
        runner.run(context -> {
            assertThat(context).hasBean("fpmjmsHealthContributor");
            assertThat(context.getBean("fpmjmsHealthContributor")).isInstanceOf(FpmHealthIndicator.class);
        });
    }

    @Test
    void withoutActuatorThereIsNone() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class)).run(context -> {
            assertThat(context).hasSingleBean(FpmConnectionFactory.class);
            assertThat(context).doesNotHaveBean("fpmjmsHealthContributor");
        });
    }

    @Test
    void managementHealthFpmjmsEnabledFalseSwitchesItOff() {
        runner.withPropertyValues("management.health.fpmjms.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(FpmConnectionFactory.class);
            assertThat(context).doesNotHaveBean("fpmjmsHealthContributor");
        });
    }

    @Test
    void anotherProvidersFactoryGetsNoIndicator() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FpmHealthContributorAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean("fpmjmsHealthContributor"));
    }

    @Test
    void anApplicationsOwnIndicatorOfThatNameWins() {
        runner.withUserConfiguration(OwnIndicator.class).run(context -> {
            assertThat(context).hasBean("fpmjmsHealthIndicator").doesNotHaveBean("fpmjmsHealthContributor");
        });
    }

    @Test
    void theFirstCheckStartsTheEngineAsAFirstConnectionWould() {
        runner.withPropertyValues("fpmjms.uri=fpm://?name=health-starts&localQueues=q").run(context -> {
            FpmConnectionFactory factory = context.getBean(FpmConnectionFactory.class);
            assertThat(EngineRegistry.shared().running(factory.getConfig())).isEmpty();
            Health health = indicator(context.getBean("fpmjmsHealthContributor")).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("engine", "health-starts");
            assertThat(EngineRegistry.shared().running(factory.getConfig())).isPresent();
        });
    }

    @Test
    void anEngineWithOnlyLocalQueuesIsUpWithNoRoutes() {
        runner.withPropertyValues("fpmjms.uri=fpm://?name=health-local&localQueues=q").run(context -> {
            try (Connection ignored = context.getBean(FpmConnectionFactory.class).createConnection()) {
                Health health = indicator(context.getBean("fpmjmsHealthContributor")).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("routes", Map.of());
            }
        });
    }

    @Test
    void aRouteWhosePoolIsNotThereIsDownNamingTheEndpointAndWhy(@TempDir Path dir) {
        String socket = dir.resolve("no-pool.sock").toString();
        runner.withPropertyValues("fpmjms.uri=fpm://?name=health-down&localQueues=replies&route.orders=unix:" + socket
                + "|/srv/app/orders.php", "fpmjms.settings.route.orders.connect-timeout=2s").run(context -> {
            Health health = indicator(context.getBean("fpmjmsHealthContributor")).health();   // no connection made
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            Map<?, ?> orders = (Map<?, ?>) ((Map<?, ?>) health.getDetails().get("routes")).get("orders");
            assertThat(orders.get("status")).isEqualTo("DOWN");
            Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) orders.get("endpoints")).get(0);
            assertThat(endpoint.get("endpoint")).isEqualTo("unix:" + socket);
            assertThat(endpoint.get("reachable")).isEqualTo(false);
            assertThat((String) endpoint.get("failure")).startsWith("no answer to FCGI_GET_VALUES");
        });
    }

    @Test
    void twoFactoriesGiveACompositeNamedByBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FpmHealthContributorAutoConfiguration.class))
                .withUserConfiguration(TwoFactories.class).run(context -> {
                    CompositeHealthContributor composite = (CompositeHealthContributor) context.getBean("fpmjmsHealthContributor");
                    assertThat(composite.getContributor("billing")).isInstanceOf(FpmHealthIndicator.class);
                    assertThat(composite.getContributor("mailing")).isInstanceOf(FpmHealthIndicator.class);
                });
    }

    private static HealthIndicator indicator(Object bean) {
        return (HealthIndicator) bean;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnIndicator {
        @Bean
        HealthIndicator fpmjmsHealthIndicator() {
            return () -> Health.up().build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoFactories {
        @Bean(destroyMethod = "shutdown")
        FpmConnectionFactory billing() {
            return new FpmConnectionFactory("fpm:?name=billing&localQueues=b");
        }

        @Bean(destroyMethod = "shutdown")
        FpmConnectionFactory mailing() {
            return new FpmConnectionFactory("fpm:?name=mailing&localQueues=m");
        }
    }
}
