package dev.fpmjms.spring.boot;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jms.JmsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jms.config.DefaultJmsListenerContainerFactory;
import org.springframework.jms.core.JmsTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration in Boot's {@link ApplicationContextRunner}; no connection is made, so no php-fpm starts. */
class FpmJmsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class, JmsAutoConfiguration.class));

    @Test
    void makesTheConnectionFactoryThatBootsJmsBeansUse() {
        runner.withPropertyValues("spring.jms.template.receive-timeout=17s").run(context -> {
            assertThat(context).hasSingleBean(FpmConnectionFactory.class);
            assertThat(context).hasSingleBean(DefaultJmsListenerContainerFactory.class);
            FpmConnectionFactory factory = context.getBean(FpmConnectionFactory.class);
            JmsTemplate template = context.getBean(JmsTemplate.class);
            assertThat(template.getConnectionFactory()).isSameAs(factory);
            assertThat(template.getReceiveTimeout()).isEqualTo(17_000L);
            assertThat(factory.getConfig().name()).isEqualTo(FpmConnectionFactory.defaultConfig().name());
        });
    }

    @Test
    void backsOffWhenTheApplicationHasItsOwnConnectionFactory() {
        runner.withUserConfiguration(OwnFactory.class).run(context -> {
            assertThat(context).hasSingleBean(ConnectionFactory.class);
            assertThat(context).hasBean("ownFactory").doesNotHaveBean("fpmConnectionFactory");
            assertThat(context.getBean(JmsTemplate.class).getConnectionFactory())
                    .isSameAs(context.getBean("ownFactory"));
        });
    }

    @Test
    void bindsTheUriAndTheSettings() {
        runner.withPropertyValues(
                "fpmjms.uri=fpm://?name=bound&route.orders=embedded|builtin:echo",
                "fpmjms.settings[route.orders.maxInFlight]=3",
                "fpmjms.settings.max-queue-messages=1234",
                "fpmjms.settings.route.orders.read-timeout=7s").run(context -> {
            FpmConfig config = context.getBean(FpmConnectionFactory.class).getConfig();
            assertThat(config.name()).isEqualTo("bound");
            assertThat(config.maxQueueMessages()).isEqualTo(1234L);
            assertThat(config.routeFor("orders").orElseThrow().maxInFlight()).isEqualTo(3);
            assertThat(config.routeFor("orders").orElseThrow().readTimeout()).hasSeconds(7);
        });
    }

    @Test
    void settingsFromEnvironmentVariablesFollowRelaxedBinding() {
        Map<String, Object> variables = Map.of(
                "FPMJMS_URI", "fpm://?name=from-env&route.orders=embedded|builtin:echo",
                "FPMJMS_SETTINGS_ROUTE_ORDERS_MAXINFLIGHT", "2",
                "FPMJMS_SETTINGS_EMBEDDEDFPM_MAXCHILDREN", "5");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
                .run(context -> {
                    FpmConfig config = context.getBean(FpmConnectionFactory.class).getConfig();
                    assertThat(config.name()).isEqualTo("from-env");
                    assertThat(config.routeFor("orders").orElseThrow().maxInFlight()).isEqualTo(2);
                    assertThat(config.embeddedFpm().maxChildren()).isEqualTo(5);
                });
    }

    @Test
    void aBadKeyFailsTheStartWithTheConfigsMessage() {
        runner.withPropertyValues("fpmjms.settings[maxQueueMesages]=5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Unknown fpm-jms key 'maxQueueMesages'; did you mean maxQueueMessages?");
        });
    }

    @Test
    void aBadValueFailsTheStartNamingTheKey() {
        runner.withPropertyValues("fpmjms.uri=fpm://?route.orders=embedded|builtin:echo",
                "fpmjms.settings.route.orders.maxinflight=none").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("route.orders.maxInFlight")
                    .hasMessageContaining("none");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {
        @Bean(destroyMethod = "shutdown")
        ConnectionFactory ownFactory() {
            return new FpmConnectionFactory("fpm:?name=own-factory&route.*=embedded|builtin:echo");
        }
    }
}
