package dev.fpmjms.spring.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.convert.support.ConfigurableConversionService;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dead-letter endpoint in Boot's {@link ApplicationContextRunner}, exposed over JMX: off by
 * default, list and show with read-only access, replay only with unrestricted access; bad input
 * named without touching anything. {@code FpmDeadLettersEndpointIT} replays real dead letters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FpmDeadLettersEndpointTest {
    static final String MBEAN = "org.springframework.boot:type=Endpoint,name=Fpmjmsdeadletters";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class, FpmDeadLettersEndpointAutoConfiguration.class,
                    JmxAutoConfiguration.class, EndpointAutoConfiguration.class, JmxEndpointAutoConfiguration.class))
            // As in a SpringApplication: property values such as read-only bind to enums leniently.
            .withInitializer(context -> context.getEnvironment().setConversionService(
                    (ConfigurableConversionService) ApplicationConversionService.getSharedInstance()))
            .withPropertyValues("fpmjms.uri=fpm://?name=dlq-endpoint&localQueues=q", "spring.jmx.enabled=true",
                    "management.endpoints.jmx.exposure.include=fpmjmsdeadletters");

    @Test
    void offByDefaultEvenWhenExposed() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(FpmDeadLettersEndpoint.class);
            assertThat(context.getBean(MBeanServer.class).isRegistered(new ObjectName(MBEAN))).isFalse();
        });
    }

    @Test
    void readOnlyAccessListsAndShowsButCannotReplay() {
        runner.withPropertyValues("management.endpoint.fpmjmsdeadletters.access=read-only")
                .run(context -> assertThat(operations(context.getBean(MBeanServer.class))).containsExactlyInAnyOrder("list", "show"));
    }

    @Test
    void unrestrictedAccessReplaysToo() {
        runner.withPropertyValues("management.endpoint.fpmjmsdeadletters.access=unrestricted")
                .run(context -> assertThat(operations(context.getBean(MBeanServer.class)))
                        .containsExactlyInAnyOrder("list", "show", "replay"));
    }

    @Test
    void anEngineWithoutDeadLettersListsNoneAndAnUnknownIdIsNamed() {
        runner.withPropertyValues("management.endpoint.fpmjmsdeadletters.access=unrestricted").run(context -> {
            FpmDeadLettersEndpoint endpoint = context.getBean(FpmDeadLettersEndpoint.class);
            FpmDeadLettersEndpoint.DeadLetters page = endpoint.list(null, null);
            assertThat(page.count()).isZero();
            assertThat(page.deadLetters()).isEmpty();
            assertThat(page.deadLetterQueue()).isNotBlank();
            assertThatThrownBy(() -> endpoint.show("ID:nothing-here"))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("ID:nothing-here");
            assertThatThrownBy(() -> endpoint.replay("ID:nothing-here", null, null, null))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("ID:nothing-here");
            assertThatThrownBy(() -> endpoint.list(null, 0))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("0");
        });
    }

    @Test
    void replayTakesExactlyOneSelection() {
        runner.withPropertyValues("management.endpoint.fpmjmsdeadletters.access=unrestricted").run(context -> {
            FpmDeadLettersEndpoint endpoint = context.getBean(FpmDeadLettersEndpoint.class);
            assertThatThrownBy(() -> endpoint.replay(null, null, null, null))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("given: none");
            assertThatThrownBy(() -> endpoint.replay("ID:1", "orders", null, true))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("given: id, queue, all");
            assertThatThrownBy(() -> endpoint.replay(null, null, null, false))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("all=false");
            assertThatThrownBy(() -> endpoint.replay(null, null, "JMS_FPM_STATUS = = 5", null))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("JMS_FPM_STATUS = = 5");
            assertThat(endpoint.replay(null, null, null, true).replayed()).isZero();
        });
    }

    private static Set<String> operations(MBeanServer server) throws Exception {
        MBeanOperationInfo[] ops = server.getMBeanInfo(new ObjectName(MBEAN)).getOperations();
        return Arrays.stream(ops).map(MBeanOperationInfo::getName).collect(Collectors.toSet());
    }
}
