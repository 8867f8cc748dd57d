package dev.fpmjms.spring.boot;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jms.JmsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jms.core.JmsTemplate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real application context on the embedded php-fpm: Boot's JmsTemplate through the starter's factory, and its health. */
class FpmJmsStarterIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void jmsTemplateSendAndReceiveThroughAnEmbeddedPhpFpmRoute() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class, JmsAutoConfiguration.class,
                        FpmHealthContributorAutoConfiguration.class))
                .withPropertyValues(
                        "fpmjms.uri=fpm://?name=starter-it&route.echo=embedded|builtin:echo",
                        "fpmjms.settings.embedded-fpm.max-children=1",
                        "fpmjms.settings.route.echo.max-in-flight=1",
                        "spring.jms.template.receive-timeout=60s")
                .run(context -> {
                    JmsTemplate template = context.getBean(JmsTemplate.class);
                    Message reply = template.sendAndReceive("echo", session -> session.createTextMessage("hello php"));
                    assertThat(reply).isInstanceOf(TextMessage.class);
                    assertThat(((TextMessage) reply).getText()).isEqualTo("hello php");

                    Health health = ((HealthIndicator) context.getBean("fpmjmsHealthContributor")).health();
                    assertThat(health.getStatus()).as("%s", health).isEqualTo(Status.UP);
                    Map<?, ?> echo = (Map<?, ?>) ((Map<?, ?>) health.getDetails().get("routes")).get("echo");
                    Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) echo.get("endpoints")).get(0);
                    assertThat(endpoint.get("reachable")).isEqualTo(true);
                    Map<?, ?> pool = (Map<?, ?>) endpoint.get("pool");
                    assertThat(pool).as("the embedded php-fpm's status page is read: %s", endpoint).isNotNull();
                    assertThat((Integer) pool.get("totalProcesses")).isGreaterThanOrEqualTo(1);
                });
    }
}
