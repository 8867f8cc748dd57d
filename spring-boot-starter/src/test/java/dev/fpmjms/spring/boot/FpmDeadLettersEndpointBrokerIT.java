package dev.fpmjms.spring.boot;

import dev.fpmjms.artemis.TestBroker;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.convert.support.ConfigurableConversionService;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter endpoint of a factory in broker mode ({@code broker=tcp://...}): a real Artemis
 * broker in this JVM on an ephemeral port, the application's own dispatcher serving a worker on the
 * embedded php-fpm that rejects every message (422, dead-lettered at once) until a file says it is
 * healed. The endpoint lists and shows the broker's dead letters, refuses a bad request, replays one
 * by id and the rest with all=true, and PHP answers each replayed message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FpmDeadLettersEndpointBrokerIT {
    private static final String SIGNATURE_LIST = String.class.getName() + "," + Integer.class.getName();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void listShowAndReplayTheBrokersDeadLettersThroughTheEndpoint(@TempDir Path temp) throws Exception {
        Path workers = Files.createDirectory(temp.resolve("workers"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(workers, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = workers.resolve("flaky.php");
        Files.writeString(script, """
                <?php
                $body = file_get_contents('php://input');
                if (!file_exists(__DIR__ . '/healed')) {
                    http_response_code(422);
                    echo 'not yet';
                    return;
                }
                header('Content-Type: text/plain; charset=utf-8');
                echo 'done ' . $body;
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        TestBroker broker = TestBroker.start(temp.resolve("broker"), 0);
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class,
                            FpmDeadLettersEndpointAutoConfiguration.class, JmxAutoConfiguration.class,
                            EndpointAutoConfiguration.class, JmxEndpointAutoConfiguration.class))
                    .withInitializer(context -> context.getEnvironment().setConversionService(
                            (ConfigurableConversionService) ApplicationConversionService.getSharedInstance()))
                    .withPropertyValues("fpmjms.uri=fpm://?name=dlq-endpoint-broker-it&broker=" + broker.url()
                                    + "&route.flaky=embedded|" + script,
                            "fpmjms.settings.embedded-fpm.max-children=2", "fpmjms.settings.route.flaky.max-in-flight=1",
                            "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=fpmjmsdeadletters",
                            "management.endpoint.fpmjmsdeadletters.access=unrestricted")
                    .run(context -> {
                        MBeanServer jmx = context.getBean(MBeanServer.class);
                        ObjectName endpoint = new ObjectName(FpmDeadLettersEndpointTest.MBEAN);
                        FpmConnectionFactory factory = context.getBean(FpmConnectionFactory.class);
                        try (JMSContext jms = factory.createContext()) {
                            Queue flaky = jms.createQueue("flaky");
                            JMSConsumer replies = jms.createConsumer(flaky);
                            jms.createProducer().send(flaky, "m1");
                            jms.createProducer().send(flaky, "m2");

                            await().atMost(WAIT).until(() -> deadLetters(jmx, endpoint, "flaky").size() >= 2);
                            Map<?, ?> page = list(jmx, endpoint, "flaky");
                            assertThat(page.get("deadLetterQueue")).isEqualTo("DLQ");
                            List<?> deadLetters = (List<?>) page.get("deadLetters");
                            assertThat(deadLetters).hasSize(2);
                            Map<?, ?> first = (Map<?, ?>) deadLetters.get(0);
                            assertThat(first.get("workerQueue")).isEqualTo("flaky");
                            assertThat(first.get("status")).isEqualTo(422);
                            assertThat((String) first.get("failure")).startsWith("REJECTED");
                            String firstId = (String) first.get("messageId");
                            String firstBody = (String) first.get("body");

                            Map<?, ?> shown = (Map<?, ?>) jmx.invoke(endpoint, "show", new Object[]{firstId},
                                    new String[]{String.class.getName()});
                            assertThat(shown.get("messageId")).isEqualTo(firstId);
                            assertThat(shown.get("body")).isEqualTo(firstBody);
                            assertThatThrownBy(() -> jmx.invoke(endpoint, "show", new Object[]{"ID:no-such"},
                                    new String[]{String.class.getName()}))
                                    .isInstanceOf(ReflectionException.class)
                                    .hasMessageContaining("ID:no-such");
                            assertThatThrownBy(() -> replay(jmx, endpoint, null, null))
                                    .isInstanceOf(ReflectionException.class)
                                    .hasMessageContaining("given: none");

                            Files.createFile(workers.resolve("healed"));
                            Map<?, ?> one = replay(jmx, endpoint, firstId, null);
                            assertThat(one.get("replayed")).isEqualTo(1);
                            assertThat(replies.receiveBody(String.class, WAIT.toMillis())).isEqualTo("done " + firstBody);
                            assertThat(deadLetters(jmx, endpoint, "flaky")).hasSize(1);

                            Map<?, ?> rest = replay(jmx, endpoint, null, true);
                            assertThat(rest.get("replayed")).isEqualTo(1);
                            Set<String> got = new HashSet<>(Set.of("done " + firstBody));
                            got.add(replies.receiveBody(String.class, WAIT.toMillis()));
                            assertThat(got).containsExactlyInAnyOrder("done m1", "done m2");
                            assertThat(deadLetters(jmx, endpoint, null)).isEmpty();
                        }
                    });
        } finally {
            broker.close();
        }
    }

    private static Map<?, ?> list(MBeanServer jmx, ObjectName endpoint, String queue) throws Exception {
        return (Map<?, ?>) jmx.invoke(endpoint, "list", new Object[]{queue, null}, SIGNATURE_LIST.split(","));
    }

    private static List<?> deadLetters(MBeanServer jmx, ObjectName endpoint, String queue) throws Exception {
        return (List<?>) list(jmx, endpoint, queue).get("deadLetters");
    }

    private static Map<?, ?> replay(MBeanServer jmx, ObjectName endpoint, String id, Boolean all) throws Exception {
        return (Map<?, ?>) jmx.invoke(endpoint, "replay", new Object[]{id, null, null, all}, new String[]{
                String.class.getName(), String.class.getName(), String.class.getName(), Boolean.class.getName()});
    }
}
