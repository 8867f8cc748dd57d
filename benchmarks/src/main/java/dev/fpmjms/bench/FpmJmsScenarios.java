package dev.fpmjms.bench;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FsyncPolicy;
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
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The fpm-jms scenarios, each on a fresh pool of the same settings with the shipped echo worker:
 * end to end (producer, echo worker, consumer of the replies on the worker queue) NON_PERSISTENT
 * and PERSISTENT at every payload size, PERSISTENT also with asynchronous sends (a
 * CompletionListener) at every size and NON_PERSISTENT so at the first size; fire-and-forget (route reply policy DISCARD); and
 * request/reply with one requester (temporary queue and JMSReplyTo).
 *
 * <p>Each scenario uses a configuration of its own name, so no engine is shared between
 * scenarios, and shuts its engine down at the end ({@link FpmConnectionFactory#shutdown()};
 * engines outlive connections by design).
 */
final class FpmJmsScenarios {

    static final String QUEUE = "bench";
    /** The second worker queue of the alternating PERSISTENT scenario (same script, same pool). */
    static final String SECOND_QUEUE = "bench2";
    /** Queue limit of the fire-and-forget run: producers block beyond it, which bounds the final drain. */
    static final long FIRE_AND_FORGET_QUEUE_LIMIT = 2_000;
    private static final long RECEIVE_TIMEOUT_MS = ClosedLoop.STALL_TIMEOUT.toMillis();

    private FpmJmsScenarios() {
    }

    /** @param report records and prints a result that a scenario makes besides the one it returns */
    static void addTo(List<BenchMain.Scenario> list, BenchOptions options, HeapProbe probe,
                      Consumer<ScenarioResult> report) {
        for (int size : options.sizes()) {
            String label = BenchOptions.sizeLabel(size);
            String np = "fpmjms-e2e-nonpersistent-" + label;
            String p = "fpmjms-e2e-persistent-" + label;
            String pa = "fpmjms-e2e-persistent-async-" + label;
            list.add(new BenchMain.Scenario(np, () -> endToEnd(np, options, probe, DeliveryMode.NON_PERSISTENT, size, false)));
            list.add(new BenchMain.Scenario(p, () -> endToEnd(p, options, probe, DeliveryMode.PERSISTENT, size, false)));
            list.add(new BenchMain.Scenario(pa, () -> endToEnd(pa, options, probe, DeliveryMode.PERSISTENT, size, true)));
        }
        int size = options.firstSize();
        String npa = "fpmjms-e2e-nonpersistent-async-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(npa, () -> endToEnd(npa, options, probe, DeliveryMode.NON_PERSISTENT, size, true)));
        String ff = "fpmjms-fire-forget-" + BenchOptions.sizeLabel(size);
        String rr = "fpmjms-request-reply-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(ff, () -> fireAndForget(ff, options, probe, size)));
        list.add(new BenchMain.Scenario(rr, () -> requestReply(rr, options, probe, size)));
        String alternating = "fpmjms-e2e-alternating-" + BenchOptions.sizeLabel(size);
        String rawAlternating = "raw-fcgi-alternating-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(alternating, () -> endToEndAlternating(alternating, rawAlternating,
                RawFcgiScenario::echo, options, probe, size, report)));
        String alternatingWorker = "fpmjms-e2e-alternating-worker-" + BenchOptions.sizeLabel(size);
        String rawWorkerAlternating = "raw-fcgi-echo-worker-alternating-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(alternatingWorker, () -> endToEndAlternating(alternatingWorker,
                rawWorkerAlternating, RawFcgiScenario::echoWorker, options, probe, size, report)));
        String persistentAlternating = "fpmjms-e2e-persistent-async-alternating-" + BenchOptions.sizeLabel(size);
        String nonPersistentAlternating = "fpmjms-e2e-nonpersistent-alternating-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(persistentAlternating, () -> persistentAlternating(persistentAlternating,
                nonPersistentAlternating, options, probe, size, report)));
        String sharing = "fpmjms-e2e-sharing-alternating-" + BenchOptions.sizeLabel(size);
        String sharingOff = "fpmjms-e2e-sharing-off-alternating-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(sharing, () -> sharingAlternating(sharing, sharingOff, options, probe, size, report)));
        String twoEngines = "fpmjms-e2e-two-engines-" + BenchOptions.sizeLabel(size);
        String oneEngine = "fpmjms-e2e-one-engine-alternating-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(twoEngines, () -> twoEngines(twoEngines, oneEngine, options, probe, size, report)));
        String rrPaired = "fpmjms-request-reply-paired-" + BenchOptions.sizeLabel(size);
        String rawPaired = "raw-fcgi-serial-paired-" + BenchOptions.sizeLabel(size);
        list.add(new BenchMain.Scenario(rrPaired, () -> requestReplyPaired(rrPaired, rawPaired, options, probe, size, report)));
    }

    /**
     * A route {@value #QUEUE} to the pool's shipped echo worker, {@code maxInFlight = children};
     * every scenario has a data directory (the journal), used by PERSISTENT messages only.
     */
    static FpmConfig config(String name, EchoPool pool, int children, ReplyPolicy replies, Path dataDirectory,
                            FsyncPolicy fsync, long maxQueueMessages) {
        return FpmConfig.builder()
                .name("bench-" + name)
                .route(echoRoute(QUEUE, pool, children, replies))
                .dataDirectory(dataDirectory)
                .fsyncPolicy(fsync)
                .maxQueueMessages(maxQueueMessages)
                .build();
    }

    /** A route {@code queue} to the pool's shipped echo worker, {@code maxInFlight = children}. */
    static FpmRoute echoRoute(String queue, EchoPool pool, int children, ReplyPolicy replies) {
        return echoRouteBuilder(queue, pool, children, replies).build();
    }

    static FpmRoute.Builder echoRouteBuilder(String queue, EchoPool pool, int children, ReplyPolicy replies) {
        return FpmRoute.builder(queue)
                .endpoint(pool.endpointString())
                .script(pool.builtinEcho().toString())
                .maxInFlight(children)
                .replyPolicy(replies);
    }

    /** What a scenario does with the connection factory {@link #withFactory} gives it. */
    @FunctionalInterface
    interface FactoryBody {
        ScenarioResult run(FpmConnectionFactory factory, FpmConfig config) throws Exception;
    }

    /**
     * Runs {@code body} with a connection factory of {@link #config} for {@code pool} (a fresh data
     * directory, {@code maxInFlight = children}), then shuts its engine down and deletes the data.
     */
    static ScenarioResult withFactory(String name, EchoPool pool, BenchOptions options, ReplyPolicy replies,
                                      long maxQueueMessages, FactoryBody body) throws Exception {
        return withFactory(name, pool, options, replies, maxQueueMessages, UnaryOperator.identity(), body);
    }

    /** As {@link #withFactory(String, EchoPool, BenchOptions, ReplyPolicy, long, FactoryBody)}, the configuration extended by {@code extra}. */
    static ScenarioResult withFactory(String name, EchoPool pool, BenchOptions options, ReplyPolicy replies,
                                      long maxQueueMessages, UnaryOperator<FpmConfig.Builder> extra, FactoryBody body)
            throws Exception {
        Path data = Files.createTempDirectory("fpmjms-bench-data-");
        try {
            FpmConfig config = extra.apply(config(name, pool, options.children(), replies, data, options.fsync(),
                    maxQueueMessages).toBuilder()).build();
            FpmConnectionFactory factory = new FpmConnectionFactory(config);
            try {
                return body.run(factory, config);
            } finally {
                factory.shutdown();
            }
        } finally {
            delete(data);
        }
    }

    /** Reports the second of two results taken together and returns the first. */
    static ScenarioResult firstReportingSecond(ScenarioResult[] results, Consumer<ScenarioResult> alsoReport) {
        alsoReport.accept(results[1]);
        return results[0];
    }

    /** @param async send with a CompletionListener (JMS 2.0 asynchronous send) instead of {@code send(message)} */
    static ScenarioResult endToEnd(String name, BenchOptions options, HeapProbe probe, int deliveryMode, int size,
                                   boolean async) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children())) {
            return withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, (factory, config) ->
                    JmsLoop.run(name, options, probe, factory, QUEUE, deliveryMode, size, options.window(), async));
        }
    }

    /** The raw FastCGI request of an alternating scenario, on the raw side's client. */
    @FunctionalInterface
    interface RawRequest {
        ClosedLoop.Operation on(FcgiClient client, EchoPool pool, int size);
    }

    /**
     * fpm-jms end to end (NON_PERSISTENT) and raw FastCGI ({@link RawFcgiScenario#echo} to the
     * plain echo, or {@link RawFcgiScenario#echoWorker} to the echo worker fpm-jms uses), taking
     * turns in short slices ({@link AlternatingLoop}) on one pool, so that their rates come from the
     * same seconds. The pool has twice the children: each side keeps {@code children} connections
     * alive, and a kept connection pins a child (the other side's children wait idle in a read).
     *
     * @param alsoReport takes the raw side's result ({@code rawName}); the fpm-jms one is returned
     */
    static ScenarioResult endToEndAlternating(String name, String rawName, RawRequest rawRequest, BenchOptions options,
                                              HeapProbe probe, int size, Consumer<ScenarioResult> alsoReport)
            throws Exception {
        try (EchoPool pool = EchoPool.start(2 * options.children());
             FcgiClient raw = RawFcgiScenario.client(pool, options.children(), size)) {
            return withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, (factory, config) -> {
                try (JmsLoop.Loop loop = JmsLoop.Loop.open(factory, QUEUE, DeliveryMode.NON_PERSISTENT, size, false)) {
                    return firstReportingSecond(AlternatingLoop.run(name, loop, rawName,
                            rawRequest.on(raw, pool, size), options, options.window(), probe), alsoReport);
                }
            });
        }
    }

    /**
     * fpm-jms end to end PERSISTENT with asynchronous sends (on {@value #QUEUE}) and NON_PERSISTENT
     * with synchronous sends (on {@value #SECOND_QUEUE}: a listener of its own, so that neither
     * side receives the other's replies), taking turns in short slices ({@link AlternatingLoop}) on
     * one pool of 2 x children and one engine, so that their ratio comes from the same seconds.
     *
     * @param alsoReport takes the NON_PERSISTENT side's result; the PERSISTENT one is returned
     */
    static ScenarioResult persistentAlternating(String name, String nonPersistentName, BenchOptions options,
                                                HeapProbe probe, int size, Consumer<ScenarioResult> alsoReport)
            throws Exception {
        try (EchoPool pool = EchoPool.start(2 * options.children())) {
            FpmRoute second = echoRoute(SECOND_QUEUE, pool, options.children(), ReplyPolicy.KEEP);
            return withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, b -> b.route(second), (factory, config) -> {
                try (JmsLoop.Loop persistent = JmsLoop.Loop.open(factory, QUEUE, DeliveryMode.PERSISTENT, size, true);
                     JmsLoop.Loop nonPersistent = JmsLoop.Loop.open(factory, SECOND_QUEUE, DeliveryMode.NON_PERSISTENT,
                             size, false)) {
                    return firstReportingSecond(AlternatingLoop.run(name, persistent, nonPersistentName, nonPersistent,
                            options, options.window(), probe), alsoReport);
                }
            });
        }
    }

    /**
     * fpm-jms end to end NON_PERSISTENT with the pool-sharing rules (the defaults) and without them
     * ({@code saturationWait = 0}, {@code idleLinger} one minute: connections kept for as long as the
     * engine lives, {@code maxInFlight} constant), two engines taking turns in short slices
     * ({@link AlternatingLoop}) on one pool of 2 x children: the drift-free cost of the rules under
     * a steady load.
     *
     * @param alsoReport takes the side without the rules ({@code offName}); the one with them is returned
     */
    static ScenarioResult sharingAlternating(String name, String offName, BenchOptions options, HeapProbe probe,
                                             int size, Consumer<ScenarioResult> alsoReport) throws Exception {
        try (EchoPool pool = EchoPool.start(2 * options.children())) {
            return withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, (on, configOn) ->
                    withFactory(offName, pool, options, ReplyPolicy.KEEP, 100_000,
                            b -> b.route(echoRouteBuilder(QUEUE, pool, options.children(), ReplyPolicy.KEEP)
                                    .saturationWait(Duration.ZERO).idleLinger(Duration.ofMinutes(1)).build()),
                            (offFactory, configOff) -> {
                                try (JmsLoop.Loop a = JmsLoop.Loop.open(on, QUEUE, DeliveryMode.NON_PERSISTENT, size, false);
                                     JmsLoop.Loop b = JmsLoop.Loop.open(offFactory, QUEUE, DeliveryMode.NON_PERSISTENT,
                                             size, false)) {
                                    return firstReportingSecond(AlternatingLoop.run(name, a, offName, b, options,
                                            options.window(), probe), alsoReport);
                                }
                            }));
        }
    }

    /**
     * Two engines (two configurations, as two application instances have) on one pool of
     * {@code children}, each with {@code maxInFlight = children}, a window of {@code --window} and a
     * sender thread of its own, taking turns in short slices ({@link AlternatingLoop}) with one
     * engine alone on the same pool: the combined rate of two against the rate of one, from the same
     * seconds. Each engine could fill the pool alone, so the pool-sharing rules
     * (docs/sharing-a-pool.md) are at work.
     *
     * @param alsoReport takes the one engine's result ({@code oneName}); the two engines' is returned
     */
    static ScenarioResult twoEngines(String name, String oneName, BenchOptions options, HeapProbe probe, int size,
                                     Consumer<ScenarioResult> alsoReport) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children())) {
            return withFactory(oneName, pool, options, ReplyPolicy.KEEP, 100_000, (one, configOne) ->
                    withFactory(name + "-a", pool, options, ReplyPolicy.KEEP, 100_000, (a, configA) ->
                            withFactory(name + "-b", pool, options, ReplyPolicy.KEEP, 100_000, (b, configB) -> {
                                try (JmsLoop.Loop solo = JmsLoop.Loop.open(one, QUEUE, DeliveryMode.NON_PERSISTENT, size, false);
                                     JmsLoop.Loop loopA = JmsLoop.Loop.open(a, QUEUE, DeliveryMode.NON_PERSISTENT, size, false);
                                     JmsLoop.Loop loopB = JmsLoop.Loop.open(b, QUEUE, DeliveryMode.NON_PERSISTENT, size, false)) {
                                    ScenarioResult[] r = AlternatingLoop.run(
                                            AlternatingLoop.closedLoops(name, List.of(loopA, loopB), options.window(), probe),
                                            AlternatingLoop.closedLoop(oneName, solo, options.window(), probe),
                                            options, AlternatingLoop.SLICE);
                                    return firstReportingSecond(r, alsoReport);
                                }
                            })));
        }
    }

    /**
     * Sends for the window with replies discarded, then waits until the engine has dispatched
     * every message ({@link FpmConnectionFactory#awaitDispatched}, what a send-and-exit program
     * calls) and checks that none was dead-lettered. The rate is messages over the time from the
     * first send to the last outcome; the latency figures are those of {@code send()} itself.
     */
    static ScenarioResult fireAndForget(String name, BenchOptions options, HeapProbe probe, int size) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children())) {
            return withFactory(name, pool, options, ReplyPolicy.DISCARD, FIRE_AND_FORGET_QUEUE_LIMIT,
                    (factory, config) -> fireAndForget(name, options, probe, size, factory, config));
        }
    }

    private static ScenarioResult fireAndForget(String name, BenchOptions options, HeapProbe probe, int size,
                                                FpmConnectionFactory factory, FpmConfig config) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            byte[] payload = Payloads.bytes(size);
            new JitWarmup().warmUp(options.warmup(), length -> sendFor(length, session, producer, payload, null));
            awaitDispatched(name, factory);
            Latencies latencies = new Latencies();
            Window window = new Window(probe);
            window.open();
            long sent = sendFor(options.duration(), session, producer, payload, latencies);
            awaitDispatched(name, factory);
            window.close();
            requireNoDeadLetters(name, session, config.deadLetterQueue());
            return window.result(name, sent, latencies);
        }
    }

    private static void awaitDispatched(String name, FpmConnectionFactory factory) throws InterruptedException {
        if (!factory.awaitDispatched(ClosedLoop.STALL_TIMEOUT)) {
            throw new IllegalStateException("scenario " + name + ": messages still not dispatched "
                    + ClosedLoop.STALL_TIMEOUT.toSeconds() + " s after the last send");
        }
    }

    private static void requireNoDeadLetters(String name, Session session, String deadLetterQueue) throws Exception {
        try (QueueBrowser browser = session.createBrowser(session.createQueue(deadLetterQueue))) {
            Enumeration<?> e = browser.getEnumeration();
            if (e.hasMoreElements()) {
                throw new IllegalStateException("scenario " + name + ": messages were dead-lettered, the first: "
                        + e.nextElement());
            }
        }
    }

    private static long sendFor(Duration length, Session session, MessageProducer producer, byte[] payload,
                                Latencies latencies) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        long sent = 0;
        while (sent < ClosedLoop.MAX_OPERATIONS && System.nanoTime() - end < 0) {
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

    /** One requester: send with JMSReplyTo a temporary queue, wait for the reply, repeat. */
    static ScenarioResult requestReply(String name, BenchOptions options, HeapProbe probe, int size) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children())) {
            return withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, (factory, config) -> {
                try (Connection connection = factory.createConnection()) {
                    return ClosedLoop.runBlocking(name, options, 1, probe, requester(connection, size));
                }
            });
        }
    }

    /**
     * Request/reply through fpm-jms and the raw FastCGI round trip on the same pool, in turns on
     * one thread ({@link ClosedLoop#runPaired}), so that both latencies come from the same seconds
     * of a machine whose speed drifts. The raw client keeps one connection (one child) alive.
     *
     * @param alsoReport takes the raw round trip's result ({@code rawName}); the fpm-jms one is returned
     */
    static ScenarioResult requestReplyPaired(String name, String rawName, BenchOptions options, HeapProbe probe,
                                             int size, Consumer<ScenarioResult> alsoReport) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children());
             FcgiClient raw = RawFcgiScenario.client(pool, 1, size)) {
            return withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, (factory, config) -> {
                try (Connection connection = factory.createConnection()) {
                    return firstReportingSecond(ClosedLoop.runPaired(name, requester(connection, size),
                            rawName, RawFcgiScenario.roundTrip(raw, pool, size), options, probe), alsoReport);
                }
            });
        }
    }

    /**
     * One requester on {@code connection} (which it starts): each run sends a BytesMessage with
     * JMSReplyTo a temporary queue and a JMSCorrelationID, NON_PERSISTENT, then receives and checks
     * the reply.
     */
    private static ClosedLoop.BlockingOperation requester(Connection connection, int size) throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(QUEUE);
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        MessageConsumer consumer = session.createConsumer(replies);
        connection.start();
        byte[] payload = Payloads.bytes(size);
        long[] seq = {0};
        return () -> {
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
        };
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

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
