package dev.fpmjms.spring.boot;

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

import javax.management.ReflectionException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
 * The dead-letter endpoint over JMX, as an operator reaches it, on real dead letters: a worker on the
 * embedded php-fpm rejects every message (422, dead-lettered at once) until a file says it is
 * healed; the endpoint lists and shows them, then replays one by id and the rest with all=true, and
 * PHP answers each replayed message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FpmDeadLettersEndpointIT {
    private static final String SIGNATURE_LIST = String.class.getName() + "," + Integer.class.getName();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void listShowAndReplayDeadLettersThroughTheEndpoint(@TempDir Path temp) throws Exception {
        Path workers = Files.createDirectory(temp.resolve("workers"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(workers, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = workers.resolve("flaky.php");
        Files.writeString(script, """
                <?php
                declare(strict_types=1);
                require_once 'fpmjms.php';
                use FpmJms\\Reply;
                use FpmJms\\Request;
                $request = Request::fromGlobals();
                if (!file_exists(__DIR__ . '/healed')) {
                    Reply::text('not yet')->status(422)->send();
                    return;
                }
                Reply::text('done ' . $request->text())->send();
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FpmJmsAutoConfiguration.class, FpmDeadLettersEndpointAutoConfiguration.class,
                        JmxAutoConfiguration.class, EndpointAutoConfiguration.class, JmxEndpointAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().setConversionService(
                        (ConfigurableConversionService) ApplicationConversionService.getSharedInstance()))
                .withPropertyValues("fpmjms.uri=fpm://?name=dlq-endpoint-it&route.flaky=embedded|" + script,
                        "fpmjms.settings.embedded-fpm.max-children=2", "fpmjms.settings.route.flaky.max-in-flight=1",
                        "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=fpmjmsdeadletters",
                        "management.endpoint.fpmjmsdeadletters.access=unrestricted")
                .run(context -> {
                    MBeanServer jmx = context.getBean(MBeanServer.class);
                    ObjectName endpoint = new ObjectName(FpmDeadLettersEndpointTest.MBEAN);
                    try (JMSContext jms = context.getBean(FpmConnectionFactory.class).createContext()) {
                        Queue flaky = jms.createQueue("flaky");
                        JMSConsumer replies = jms.createConsumer(flaky);
                        jms.createProducer().send(flaky, "m1");
                        jms.createProducer().send(flaky, "m2");

                        await().atMost(WAIT).until(() -> ((Number) list(jmx, endpoint, null).get("count")).intValue() >= 2);
                        Map<?, ?> page = list(jmx, endpoint, "flaky");
                        List<?> deadLetters = (List<?>) page.get("deadLetters");
                        assertThat(deadLetters).hasSize(2);
                        Map<?, ?> first = (Map<?, ?>) deadLetters.get(0);
                        assertThat(first.get("workerQueue")).isEqualTo("flaky");
                        assertThat(first.get("status")).isEqualTo(422);
                        assertThat((String) first.get("failure")).startsWith("REJECTED");
                        String firstId = (String) first.get("messageId");
                        String firstBody = (String) first.get("body");

                        Map<?, ?> shown = (Map<?, ?>) jmx.invoke(endpoint, "show", new Object[]{firstId}, new String[]{String.class.getName()});
                        assertThat(shown.get("messageId")).isEqualTo(firstId);
                        assertThat(shown.get("body")).isEqualTo(firstBody);
                        assertThatThrownBy(() -> replay(jmx, endpoint, null, null))
                                .isInstanceOf(ReflectionException.class)          // how Actuator reports a bad request over JMX
                                .hasMessageContaining("given: none");

                        Files.createFile(workers.resolve("healed"));
                        Map<?, ?> one = replay(jmx, endpoint, firstId, null);
                        assertThat(one.get("replayed")).isEqualTo(1);
                        assertThat(replies.receiveBody(String.class, WAIT.toMillis())).isEqualTo("done " + firstBody);
                        assertThat(((Number) list(jmx, endpoint, null).get("count")).intValue()).isEqualTo(1);

                        Map<?, ?> rest = replay(jmx, endpoint, null, true);
                        assertThat(rest.get("replayed")).isEqualTo(1);
                        Set<String> got = new HashSet<>(Set.of("done " + firstBody));
                        got.add(replies.receiveBody(String.class, WAIT.toMillis()));
                        assertThat(got).containsExactlyInAnyOrder("done m1", "done m2");
                        assertThat(((Number) list(jmx, endpoint, null).get("count")).intValue()).isZero();
                    }
                });
    }

    private static Map<?, ?> list(MBeanServer jmx, ObjectName endpoint, String queue) throws Exception {
        return (Map<?, ?>) jmx.invoke(endpoint, "list", new Object[]{queue, null}, SIGNATURE_LIST.split(","));
    }

    private static Map<?, ?> replay(MBeanServer jmx, ObjectName endpoint, String id, Boolean all) throws Exception {
        return (Map<?, ?>) jmx.invoke(endpoint, "replay", new Object[]{id, null, null, all}, new String[]{
                String.class.getName(), String.class.getName(), String.class.getName(), Boolean.class.getName()});
    }
}
