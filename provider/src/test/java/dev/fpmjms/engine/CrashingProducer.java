package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link EngineCrashIT}: sends persistent messages numbered 0..n-1 from several
 * threads (even numbers to the worker queue "work", whose php-fpm refuses every connection, odd
 * ones to the local queue "local") and prints each number once {@code send()} has returned. The
 * parent kills it with {@code kill -9} midway.
 *
 * <p>With {@code async}, each thread sends through the JMS API with a CompletionListener instead
 * (a session of its own, at most {@value #ASYNC_WINDOW} sends outstanding) and prints each number
 * when its {@code onCompletion} runs.
 *
 * <p>With {@code publish}, each thread publishes every number to the topic "events", which two
 * subscriptions served by routes ("mail" and "invoice", php-fpm refusing) fan out to PHP.
 *
 * <p>Usage: {@code CrashingProducer <dataDirectory> <count> <threads> [async|publish]}
 */
public final class CrashingProducer {
    /** Asynchronous sends one thread keeps outstanding. */
    static final int ASYNC_WINDOW = 64;

    private CrashingProducer() {
    }

    static FpmConfig config(Path dataDirectory) {
        return config(dataDirectory, dev.fpmjms.config.FsyncPolicy.ALWAYS);
    }

    /**
     * The asynchronous run uses a group commit delay: a held-back batch must still complete its
     * sends only once forced.
     */
    static final dev.fpmjms.config.FsyncPolicy ASYNC_FSYNC =
            dev.fpmjms.config.FsyncPolicy.always(java.time.Duration.ofNanos(500_000));

    static FpmConfig config(Path dataDirectory, dev.fpmjms.config.FsyncPolicy fsync) {
        return FpmConfig.builder().name("crash-test")
                .route(FpmRoute.builder("work").endpoint("/nonexistent/php-fpm.sock").script("/srv/w.php").build())
                .localQueue("local").maxQueueMessages(100_000).dataDirectory(dataDirectory).fsyncPolicy(fsync).build();
    }

    /** The topic of the {@code publish} run and its two PHP subscriptions' worker queues. */
    static final String TOPIC = "events";
    static final List<String> SUBSCRIPTIONS = List.of(TOPIC + "::mail", TOPIC + "::invoice");

    /** The {@code publish} run: subscriptions "mail" and "invoice" of "events", served by php-fpm that is not there. */
    static FpmConfig publishConfig(Path dataDirectory) {
        FpmConfig.Builder b = FpmConfig.builder().name("crash-test-publish").maxQueueMessages(100_000).dataDirectory(dataDirectory);
        for (String s : SUBSCRIPTIONS) {
            b.subscription(FpmRoute.builder(s).endpoint("/nonexistent/php-fpm.sock").script("/srv/w.php").build());
        }
        return b.build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "US-ASCII");
        if (args.length > 3 && args[3].equals("async")) {
            sendAsync(dir, count, threads, out);
            return;
        }
        boolean publish = args.length > 3 && args[3].equals("publish");
        FpmEngine engine = EngineRegistry.shared().engine(publish ? publishConfig(dir) : config(dir), c -> new Refusing());
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread sender = new Thread(() -> {
                try {
                    for (int i = first; i < count; i += threads) {
                        DestinationRef to = publish ? DestinationRef.topic(TOPIC) : DestinationRef.queue(i % 2 == 0 ? "work" : "local");
                        engine.send(FpmEnvelope.builder(to).messageId(engine.newMessageId())
                                .body(BodyType.TEXT, Integer.toString(i)).build());
                        synchronized (out) {
                            out.println(i);
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread s : senders) {
            s.join();
        }
        out.println("done");
        engine.shutdown();
    }

    private static void sendAsync(Path dir, int count, int threads, PrintStream out) throws Exception {
        dev.fpmjms.jms.FpmConnectionFactory factory = new dev.fpmjms.jms.FpmConnectionFactory(config(dir, ASYNC_FSYNC), c -> new Refusing());
        try (jakarta.jms.Connection connection = factory.createConnection()) {
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                Thread sender = new Thread(() -> {
                    try {
                        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(ASYNC_WINDOW);
                        jakarta.jms.MessageProducer producer = session.createProducer(null);
                        jakarta.jms.Queue work = session.createQueue("work");
                        jakarta.jms.Queue local = session.createQueue("local");
                        for (int i = first; i < count; i += threads) {
                            int number = i;
                            window.acquire();
                            producer.send(i % 2 == 0 ? work : local, session.createTextMessage(Integer.toString(i)),
                                    new jakarta.jms.CompletionListener() {
                                        @Override
                                        public void onCompletion(jakarta.jms.Message message) {
                                            synchronized (out) {
                                                out.println(number);
                                            }
                                            window.release();
                                        }

                                        @Override
                                        public void onException(jakarta.jms.Message message, Exception e) {
                                            e.printStackTrace();
                                            System.exit(2);
                                        }
                                    });
                        }
                        window.acquire(ASYNC_WINDOW);
                    } catch (Exception e) {
                        e.printStackTrace();
                        System.exit(2);
                    }
                });
                sender.start();
                senders.add(sender);
            }
            for (Thread s : senders) {
                s.join();
            }
            out.println("done");
        } finally {
            factory.shutdown();
        }
    }

    /** php-fpm that is never there: every delivery is NOT_DELIVERED, at once, on no thread of its own. */
    private static final class Refusing implements WorkerGatewayFactory, WorkerGateway {
        @Override
        public WorkerGateway open(String queueName, FpmRoute route) {
            return this;
        }

        @Override
        public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
            return CompletableFuture.completedFuture(DeliveryOutcome.notDelivered("connection refused (test)"));
        }

        @Override
        public void close() {
        }
    }
}
