package dev.fpmjms.integrations.spring;

import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import dev.fpmjms.spring.boot.FpmJmsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jms.support.converter.MessageConverter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example's configuration ({@link FpmJmsConfiguration} on the starter's factory) without
 * php-fpm: nothing starts until a connection is made.
 */
class FpmJmsConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class))
            .withUserConfiguration(FpmJmsConfiguration.class);

    @Test
    void withoutPropertiesEveryQueueIsServedByTheEmbeddedEcho() {
        runner.run(context -> {
            FpmConnectionFactory factory = context.getBean(FpmConnectionFactory.class);
            assertThat(factory.getConfig().defaultRoute()).isNotNull();
            assertThat(factory.getConfig().defaultRoute().script()).isEqualTo("builtin:echo");
        });
    }

    @Test
    void settingsApplyOnTopOfTheUriWithTheirCaseKept() {
        runner.withPropertyValues(
                        "fpmjms.uri=fpm://?name=config-test&route.mail=127.0.0.1:9000|/srv/app/mail.php",
                        "fpmjms.settings[route.mail.maxInFlight]=7",
                        "fpmjms.settings[route.mail.readTimeout]=2m",
                        "fpmjms.settings[localQueues]=replies,audit")
                .run(context -> {
                    FpmConnectionFactory factory = context.getBean(FpmConnectionFactory.class);
                    assertThat(factory.getConfig().name()).isEqualTo("config-test");
                    assertThat(factory.getConfig().routes().get("mail").maxInFlight()).isEqualTo(7);
                    assertThat(factory.getConfig().routes().get("mail").readTimeout()).hasMinutes(2);
                    assertThat(factory.getConfig().localQueues()).containsExactly("replies", "audit");
                });
    }

    @Test
    void aMisspeltKeyFailsTheStartAndNamesTheKey() {
        runner.withPropertyValues("fpmjms.settings[maxQueueMessage]=5")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("maxQueueMessage")
                        .hasMessageContaining("maxQueueMessages"));
    }

    @Test
    void objectsBecomeJsonTextWithAShortTypeName() {
        // Only local queues: the engine runs without php-fpm, and the messages are real fpm-jms messages.
        runner.withPropertyValues("fpmjms.uri=fpm://?name=converter-test&localQueues=q").run(context -> {
            FpmConnectionFactory factory = context.getBean(FpmConnectionFactory.class);
            MessageConverter converter = context.getBean(MessageConverter.class);
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession();
                TextMessage order = (TextMessage) converter.toMessage(
                        new Order("A-9", List.of(new OrderLine("pen", 2, 150))), session);
                assertThat(order.getStringProperty(FpmJmsConfiguration.TYPE_PROPERTY)).isEqualTo("order");
                assertThat(order.getText())
                        .isEqualTo("{\"orderId\":\"A-9\",\"lines\":[{\"sku\":\"pen\",\"quantity\":2,\"unitPriceCents\":150}]}");

                TextMessage quote = session.createTextMessage("{\"country\":\"DE\",\"carrier\":\"DHL\",\"priceCents\":590,\"error\":null}");
                quote.setStringProperty(FpmJmsConfiguration.TYPE_PROPERTY, "shipping-quote");
                assertThat(converter.fromMessage(quote)).isEqualTo(new ShippingQuote("DE", "DHL", 590, null));
            }
        });
    }
}
