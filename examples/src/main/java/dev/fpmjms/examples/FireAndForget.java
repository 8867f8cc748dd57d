package dev.fpmjms.examples;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Fire-and-forget with the classic JMS 1.1 API: sends N jobs to the queue {@code work}, whose
 * route discards the workers' replies ({@link ReplyPolicy#DISCARD}); the PHP worker
 * ({@code php/work.php}) appends one line per job to a file. The program waits with
 * {@link FpmConnectionFactory#awaitDispatched} before it counts the lines and exits.
 *
 * <p>Run it with {@code bash scripts/run-example.sh FireAndForget [count] [file]}.
 */
public final class FireAndForget {
    /** The worker queue. */
    public static final String QUEUE = "work";

    /** How long {@link #run} waits for the workers. */
    static final Duration DISPATCH_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What a run did: messages sent, lines the workers appended, and the time from the first send
     * until all were done (the first send also starts the embedded php-fpm).
     */
    public record Result(int sent, long linesWritten, Duration elapsed) {
    }

    private FireAndForget() {
    }

    /**
     * The queue {@value #QUEUE} served by {@code work.php} on an embedded php-fpm, replies discarded;
     * the route param {@code WORK_LOG} tells the worker where to append.
     */
    public static FpmConfig config(String name, Path workLog) {
        return FpmConfig.builder()
                .name(name)
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .route(FpmRoute.builder(QUEUE)
                        .endpoint(FpmRoute.EMBEDDED)
                        .script(PhpWorkers.install("work.php").toString())
                        .param("WORK_LOG", workLog.toAbsolutePath().toString())
                        .replyPolicy(ReplyPolicy.DISCARD)
                        .build())
                .build();
    }

    /**
     * Sends {@code count} NON_PERSISTENT text messages {@code job-1} .. {@code job-N}, then waits
     * until php-fpm has run every one and counts the lines it appended to {@code workLog}. Blocks the caller.
     *
     * @param factory a factory built from {@link #config} with the same {@code workLog}
     * @throws IllegalStateException when the workers are not done within {@link #DISPATCH_TIMEOUT}
     */
    public static Result run(FpmConnectionFactory factory, int count, Path workLog)
            throws JMSException, InterruptedException, IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was: " + count);
        }
        long linesBefore = countLines(workLog);
        long start = System.nanoTime();
        Connection connection = factory.createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(QUEUE);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int i = 1; i <= count; i++) {
                TextMessage message = session.createTextMessage("job-" + i);
                message.setIntProperty("jobNumber", i);
                producer.send(message);
            }
        } finally {
            connection.close();
        }
        if (!factory.awaitDispatched(DISPATCH_TIMEOUT)) {
            throw new IllegalStateException("the workers did not finish " + count + " jobs within " + DISPATCH_TIMEOUT);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(count, countLines(workLog) - linesBefore, elapsed);
    }

    private static long countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** A fresh empty file that php-fpm's workers may append to. */
    static Path newWorkLog() throws IOException {
        Path file = Files.createTempFile("fpm-jms-work-", ".log");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        return file;
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path workLog = args.length > 1 ? Path.of(args[1]) : newWorkLog();
        if (!Files.exists(workLog)) {
            Files.createFile(workLog);
        }
        FpmConnectionFactory factory = new FpmConnectionFactory(config("fire-and-forget", workLog));
        try {
            Result result = run(factory, count, workLog);
            System.out.printf("sent %d jobs; the workers appended %d lines to %s in %d ms%n",
                    result.sent(), result.linesWritten(), workLog, result.elapsed().toMillis());
        } finally {
            factory.shutdown();
        }
    }
}
