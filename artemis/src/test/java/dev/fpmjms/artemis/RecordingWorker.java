package dev.fpmjms.artemis;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The worker of the fault tests on a real php-fpm: {@value #SCRIPT} sleeps {@code SLEEP_US}
 * microseconds (times {@code SLEEP_DOWN_FROM - body} when the route sets {@code SLEEP_DOWN_FROM}
 * and the body is a number: earlier requests sleep longer), appends the request body to {@code <runs>/<QUEUE_NAME>.log} under {@code flock},
 * and answers with the echo contract's {@code X-Fpmjms-Echo: 1}. The run log tells how often PHP
 * ran each request; {@link #drainReplies} tells how often each was answered.
 */
final class RecordingWorker implements AutoCloseable {
    static final String SCRIPT = "record.php";

    private final EmbeddedPhpFpm fpm;
    private final Path script;
    private final Path runs;

    private RecordingWorker(EmbeddedPhpFpm fpm, Path script, Path runs) {
        this.fpm = fpm;
        this.script = script;
        this.runs = runs;
    }

    /** Starts php-fpm with {@code children} static children; {@code dir} holds the run logs. */
    static RecordingWorker start(Path dir, int children) throws IOException {
        EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(children, 0, Map.of(), null)).start();
        Path script = fpm.installScript(SCRIPT, """
                <?php
                $body = file_get_contents('php://input');
                $sleep = (int) ($_SERVER['SLEEP_US'] ?? 0);
                if (isset($_SERVER['SLEEP_DOWN_FROM'])) {
                    $sleep *= max(0, (int) $_SERVER['SLEEP_DOWN_FROM'] - (int) $body);
                }
                usleep($sleep);
                $log = fopen($_SERVER['RUNS_DIR'] . '/' . $_SERVER['QUEUE_NAME'] . '.log', 'a');
                flock($log, LOCK_EX);
                fwrite($log, $body . "\\n");
                flock($log, LOCK_UN);
                fclose($log);
                header('X-Fpmjms-Echo: 1');
                echo $body;
                """);
        // The workers run as another user than a root JVM (nobody): they must reach and write the runs folder.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rwxrwxrwx"));
        return new RecordingWorker(fpm, script, runs);
    }

    /**
     * The settings of a process serving or declaring {@code queue} on {@code brokers} (a
     * {@code broker} value), as a properties text.
     */
    String settings(String brokers, String queue, int maxInFlight, int sleepMicros) {
        return "broker=" + brokers + "\n"
                + "route." + queue + "=" + fpm.endpointString() + "|" + script + "\n"
                + "route." + queue + ".maxInFlight=" + maxInFlight + "\n"
                + "route." + queue + ".param.RUNS_DIR=" + runs + "\n"
                + "route." + queue + ".param.QUEUE_NAME=" + queue + "\n"
                + "route." + queue + ".param.SLEEP_US=" + sleepMicros + "\n";
    }

    /** The bodies PHP has run for {@code queue} so far, in order (a line being written is left out). */
    List<String> runs(String queue) throws IOException {
        Path file = runs.resolve(queue + ".log");
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> all = text.lines().toList();
        return text.endsWith("\n") ? all : all.subList(0, Math.max(0, all.size() - 1));
    }

    /** How many times each body occurs in {@code bodies}. */
    static Map<String, Integer> count(List<String> bodies) {
        Map<String, Integer> counts = new HashMap<>();
        bodies.forEach(b -> counts.merge(b, 1, Integer::sum));
        return counts;
    }

    /**
     * Reads replies from worker queue {@code queue} at {@code url} until {@code done} says the
     * replies so far are complete (then 1 s more, for duplicates) or {@code patience} passes.
     *
     * @return body to the number of replies with it
     */
    static Map<String, Integer> drainReplies(String url, String queue, Function<Set<String>, Boolean> done,
                                             Duration patience) throws Exception {
        Map<String, Integer> replies = new HashMap<>();
        try (ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(url); Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            long deadline = System.nanoTime() + patience.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                Message m = consumer.receive(100);
                if (m != null) {
                    replies.merge(((TextMessage) m).getText(), 1, Integer::sum);
                }
                if (quietUntil == Long.MAX_VALUE && done.apply(replies.keySet())) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return replies;
    }

    /** As {@link #drainReplies(String, String, Function, Duration)}, until every body of {@code expected} came. */
    static Map<String, Integer> drainReplies(String url, String queue, Set<String> expected, Duration patience) throws Exception {
        return drainReplies(url, queue, got -> got.containsAll(expected), patience);
    }

    @Override
    public void close() {
        fpm.close();
    }
}
