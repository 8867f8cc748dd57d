package dev.fpmjms.bench;

import dev.fpmjms.broker.FpmEngine;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.transport.FcgiClient;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fpm-jms scenarios, each on a fresh pool of the same settings with the shipped echo worker:
 * end to end (producer, echo worker, consumer of the replies on the worker queue) NON_PERSISTENT
 * and PERSISTENT at every payload size; fire-and-forget (route reply policy DISCARD); and
 * request/reply with one requester (temporary queue and JMSReplyTo).
 *
 * <p>Each scenario uses a configuration of its own name, so no engine is shared between
 * scenarios, and shuts its engine down at the end (engines outlive connections by design).
 */
final class FpmJmsScenarios {

    static final String QUEUE = "bench";
    /** Queue limit of the fire-and-forget run: producers block beyond it, which bounds the final drain. */
    static final long FIRE_AND_FORGET_QUEUE_LIMIT = 2_000;
    private static final long RECEIVE_TIMEOUT_MS = ClosedLoop.STALL_TIMEOUT.toMillis();
    private static final long STATUS_POLL_MS = 20;

    private FpmJmsScenarios() {
    }

    static void addTo(List<BenchMain.Scenario> list, BenchOptions options, HeapProbe probe) {
        for (int size : options.sizes()) {
            String label = BenchOptions.sizeLabel(size);
            String np = "fpmjms-e2e-nonpersistent-" + label;
            String p = "fpmjms-e2e-persistent-" + label;
            list.add(new BenchMain.Scenario(np, () -> endToEnd(np, options, probe, DeliveryMode.NON_PERSISTENT, size)));
            list.add(new BenchMain.Scenario(p, () -> endToEnd(p, options, probe, DeliveryMode.PERSISTENT, size)));
        }
        int size = options.firstSize();
        String ff = "fpmjms-fire-forget-" + BenchOptions.sizeLabel(size);
        String rr = "fpmjms-request-reply-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(ff, () -> fireAndForget(ff, options, probe, size)));
        list.add(new BenchMain.Scenario(rr, () -> requestReply(rr, options, probe, size)));
    }

    /** A route {@value #QUEUE} to the pool's shipped echo worker, {@code maxInFlight = children}. */
    static FpmConfig config(String name, EchoPool pool, int children, ReplyPolicy replies, Path dataDirectory,
                            long maxQueueMessages) {
        return FpmConfig.builder()
                .name("bench-" + name)
                .route(FpmRoute.builder(QUEUE)
                        .endpoint(pool.endpointString())
                        .script(pool.builtinEcho().toString())
                        .maxInFlight(children)
                        .replyPolicy(replies)
                        .build())
                .dataDirectory(dataDirectory)
                .maxQueueMessages(maxQueueMessages)
                .build();
    }

    static ScenarioResult endToEnd(String name, BenchOptions options, HeapProbe probe, int deliveryMode, int size)
            throws Exception {
        Path data = Files.createTempDirectory("fpmjms-bench-data-");
        try (EchoPool pool = EchoPool.start(options.children())) {
            FpmConfig config = config(name, pool, options.children(), ReplyPolicy.KEEP, data, 100_000);
            try {
                return JmsLoop.run(name, options, probe, new FpmConnectionFactory(config), QUEUE, deliveryMode, size,
                        options.window());
            } finally {
                shutdownEngine(config);
            }
        } finally {
            delete(data);
        }
    }

    /**
     * Sends for the window with replies discarded, then waits until php-fpm has taken every message
     * (its status page's {@code accepted conn} counter; the pool has one child more than the route
     * uses, so that the status page is served while the route keeps its connections). The rate is
     * messages over the time from the first send to the last message taken; the latency figures
     * are those of {@code send()} itself.
     */
    static ScenarioResult fireAndForget(String name, BenchOptions options, HeapProbe probe, int size) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children() + 1);
             FcgiClient status = pool.statusClient()) {
            FpmConfig config = config(name, pool, options.children(), ReplyPolicy.DISCARD, null,
                    FIRE_AND_FORGET_QUEUE_LIMIT);
            try (Connection connection = new FpmConnectionFactory(config).createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                byte[] payload = Payloads.bytes(size);
                long baseline = EchoPool.acceptedRequests(status);
                long sent = sendFor(options.warmup(), session, producer, payload, null);
                baseline = awaitTaken(name, status, baseline, sent);
                Latencies latencies = new Latencies();
                Window window = new Window(probe);
                window.open();
                sent = sendFor(options.duration(), session, producer, payload, latencies);
                awaitTaken(name, status, baseline, sent);
                window.close();
                return window.result(name, sent, latencies);
            } finally {
                shutdownEngine(config);
            }
        }
    }

    private static long sendFor(Duration length, Session session, MessageProducer producer, byte[] payload,
                                Latencies latencies) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        long sent = 0;
        while (System.nanoTime() - end < 0) {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(payload);
            long t0 = System.nanoTime();
            producer.send(m);
            if (latencies != null) {
                latencies.record(System.nanoTime() - t0);
            }
            sent++;
        }
        return sent;
    }

    /**
     * Polls the status page until {@code count} requests after {@code baseline} were accepted
     * (each poll counts itself); returns the last reading, the baseline for what follows.
     */
    private static long awaitTaken(String name, FcgiClient status, long baseline, long count) throws InterruptedException {
        long deadline = System.nanoTime() + ClosedLoop.STALL_TIMEOUT.toNanos();
        long polls = 0;
        while (true) {
            long reading = EchoPool.acceptedRequests(status);
            polls++;
            long taken = reading - baseline - polls;
            if (taken >= count) {
                return reading;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("scenario " + name + ": php-fpm took " + taken + " of " + count
                        + " messages within " + ClosedLoop.STALL_TIMEOUT.toSeconds() + " s after the last send");
            }
            Thread.sleep(STATUS_POLL_MS); // polling php-fpm's counter with a deadline
        }
    }

    /** One requester: send with JMSReplyTo a temporary queue, wait for the reply, repeat. */
    static ScenarioResult requestReply(String name, BenchOptions options, HeapProbe probe, int size) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children())) {
            FpmConfig config = config(name, pool, options.children(), ReplyPolicy.KEEP, null, 100_000);
            try (Connection connection = new FpmConnectionFactory(config).createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue(QUEUE);
                TemporaryQueue replies = session.createTemporaryQueue();
                MessageProducer producer = session.createProducer(queue);
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                MessageConsumer consumer = session.createConsumer(replies);
                connection.start();
                byte[] payload = Payloads.bytes(size);
                long[] seq = {0};
                return ClosedLoop.runBlocking(name, options, 1, probe, () -> {
                    // The echo worker keeps the request's JMSCorrelationID (docs/wire-contract.md), so
                    // the requester sets one, as QueueRequestor-style code does.
                    String correlation = "bench-" + seq[0]++;
                    BytesMessage m = session.createBytesMessage();
                    m.writeBytes(payload);
                    m.setJMSReplyTo(replies);
                    m.setJMSCorrelationID(correlation);
                    producer.send(m);
                    Message reply = consumer.receive(RECEIVE_TIMEOUT_MS);
                    check(reply, correlation, size);
                });
            } finally {
                shutdownEngine(config);
            }
        }
    }

    private static void check(Message reply, String correlation, int size) throws Exception {
        if (reply == null) {
            throw new IllegalStateException("no reply within " + RECEIVE_TIMEOUT_MS + " ms to " + correlation);
        }
        if (!correlation.equals(reply.getJMSCorrelationID())) {
            throw new IllegalStateException("reply correlation id " + reply.getJMSCorrelationID()
                    + ", expected the request's " + correlation);
        }
        long length = reply instanceof BytesMessage b ? b.getBodyLength() : -1;
        if (length != size) {
            throw new IllegalStateException("reply is a " + reply.getClass().getSimpleName() + " with " + length
                    + " body bytes, expected a BytesMessage of " + size);
        }
    }

    /**
     * Engines outlive their connections by design (replies wait for the next connection); the
     * benchmark ends each scenario's engine so that later scenarios do not carry its threads and
     * heap. Nothing to do when the scenario failed before an engine started.
     */
    private static void shutdownEngine(FpmConfig config) {
        try {
            FpmEngine.forConfig(config, c -> {
                throw new IllegalStateException("no engine");
            }).shutdown();
        } catch (IllegalStateException noEngine) {
            // The scenario never started one.
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
