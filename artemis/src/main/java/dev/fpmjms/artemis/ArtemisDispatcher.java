package dev.fpmjms.artemis;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyOrder;
import dev.fpmjms.config.SubscriptionId;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Serves the worker queues of a broker-mode configuration from ActiveMQ Artemis: for each queue,
 * a {@link DispatchPipeline} (one transacted broker session on its own thread) holds up to
 * {@link #held(FpmRoute)} of its requests in the provider's gateway (the same FastCGI client and
 * wire encoding as embedded mode), which runs at most {@code maxInFlight} of them in php-fpm at
 * once, and settles them in batches, in receive order with the default {@code replyOrder=producer}.
 * Any number of dispatchers, in any processes, may serve one queue; each keeps its own route's
 * limit.
 *
 * <p>A topic subscription served by a route ({@code subscription.<topic>.<name>}) is served the
 * same way from its durable subscription queue on the topic's address ({@link WorkerQueues});
 * several dispatchers share it as they share a worker queue.
 *
 * <p>{@link #start} serves every queue with its own route and every subscription; queues of the default route
 * ({@code route.*}) have no names to find on the broker, so they are served once named through
 * {@link #serve}. Thread-safe. {@link #close()} stops the pipelines after the requests in php-fpm
 * are settled; held requests not yet delivered (or waiting for an unreachable php-fpm) go back to
 * the broker.
 */
public final class ArtemisDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArtemisDispatcher.class);
    /** Bytes of consumer window per request a pipeline may hold in the gateway, unless {@code broker.consumerWindowSize} says otherwise. */
    static final int WINDOW_BYTES_PER_REQUEST = 1024;

    /**
     * The most requests of a route a pipeline hands to the gateway at once: twice
     * {@code maxInFlight}, so that while one batch is settled with the broker (sends, one commit)
     * php-fpm already runs the next requests.
     */
    static int held(FpmRoute route) {
        return 2 * route.maxInFlight();
    }

    /**
     * The consumer window of a route's pipeline in bytes: {@code broker.consumerWindowSize} when
     * set above 0, else {@value #WINDOW_BYTES_PER_REQUEST} per request it may hold in the gateway.
     */
    static int windowBytes(FpmRoute route, dev.fpmjms.config.BrokerSettings broker) {
        String configured = broker.options().get("consumerWindowSize");
        if (configured != null) {
            try {
                int bytes = Integer.parseInt(configured.trim());
                if (bytes > 0) {
                    return bytes;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("broker.consumerWindowSize must be a number of bytes, was '"
                        + configured + "'", e);
            }
        }
        return held(route) * WINDOW_BYTES_PER_REQUEST;
    }

    private final FpmConfig config;
    private final ActiveMQConnectionFactory factory;
    private final WorkerQueueDeclarer declarer;
    private final WorkerGatewayFactory gateways;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<String, Thread> served = new LinkedHashMap<>();
    private final List<DispatchPipeline> pipelines = new ArrayList<>();
    private final List<WorkerGateway> openGateways = new ArrayList<>();

    private ArtemisDispatcher(FpmConfig config, Function<FpmConfig, WorkerGatewayFactory> gatewayFactory) {
        this.config = config;
        this.factory = new ActiveMQConnectionFactory(BrokerUrls.dispatcherUrl(config.broker()));
        this.declarer = new WorkerQueueDeclarer(config);
        this.gateways = gatewayFactory.apply(config);
    }

    /**
     * Connects to the configuration's broker, declares its worker queues and serves each queue
     * that has its own route. Blocks until the queues are declared.
     *
     * @throws IllegalArgumentException when the configuration has no {@code broker}
     * @throws IllegalStateException    when the broker cannot be reached or a queue is laid out
     *                                  otherwise (the message says which)
     */
    public static ArtemisDispatcher start(FpmConfig config) {
        return start(config, FcgiGatewayFactory::new);
    }

    /** As {@link #start(FpmConfig)}, delivering through gateways made by {@code gatewayFactory} (tests). */
    public static ArtemisDispatcher start(FpmConfig config, Function<FpmConfig, WorkerGatewayFactory> gatewayFactory) {
        if (config.broker() == null) {
            throw new IllegalArgumentException("fpm-jms '" + config.name() + "': a dispatcher needs the setting 'broker'");
        }
        ArtemisDispatcher d = new ArtemisDispatcher(config, gatewayFactory);
        try {
            d.declarer.declareAll();
            for (String queue : config.routes().keySet()) {
                d.serve(queue);
            }
            for (FpmRoute subscription : config.subscriptions().values()) {
                d.serveSubscription(subscription);
            }
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * Declares worker queue {@code queue} and serves it with its route (its own, else the default
     * route), unless it is served already.
     *
     * @throws IllegalArgumentException when no route serves {@code queue}
     * @throws IllegalStateException    when the dispatcher is closed or the broker refuses
     */
    public synchronized void serve(String queue) {
        if (stopped.get()) {
            throw new IllegalStateException("the dispatcher of fpm-jms '" + config.name() + "' is closed");
        }
        if (served.containsKey(queue)) {
            return;
        }
        FpmRoute route = config.routeFor(queue).orElseThrow(() -> new IllegalArgumentException(
                "fpm-jms '" + config.name() + "': no route serves queue '" + queue + "'"));
        declarer.declare(queue);
        startPipeline(queue, null, route, WorkerQueues.requestQueue(queue));
        LOG.info("dispatching worker queue '{}' from {} ({} in flight)", queue, BrokerUrls.clientUrl(config.broker()),
                route.maxInFlight());
    }

    /** Declares a subscription's queue and serves it with its route. */
    private synchronized void serveSubscription(FpmRoute route) {
        SubscriptionId id = SubscriptionId.ofQueueName(route.queue());
        declarer.declareSubscription(id);
        startPipeline(route.queue(), id, route, WorkerQueues.subscriptionQueue(id));
        LOG.info("dispatching subscription '{}' of topic '{}' (Artemis queue {}) from {} ({} in flight)", id.name(),
                id.topic(), WorkerQueues.subscriptionAddress(id), BrokerUrls.clientUrl(config.broker()), route.maxInFlight());
    }

    /** Starts the route's pipeline on Artemis queue {@code brokerQueue}; {@code subscription} null for a worker queue. */
    private void startPipeline(String queue, SubscriptionId subscription, FpmRoute route, String brokerQueue) {
        WorkerGateway gateway = gateways.open(queue, route);
        openGateways.add(gateway);
        Settlement settlement = new Settlement(queue, subscription, route, gateway, config.deadLetterQueue(),
                config.objectMessageAllowList());
        String name = config.name() + "-" + queue;
        DispatchPipeline pipeline = new DispatchPipeline(name, factory, brokerQueue, settlement, held(route),
                windowBytes(route, config.broker()), route.replyOrder() != ReplyOrder.COMPLETION, stopPatience(route),
                stopped);
        Thread t = new Thread(pipeline, "fpm-dispatch-" + name);
        t.setDaemon(true);
        t.start();
        pipelines.add(pipeline);
        served.put(queue, t);
    }

    /** How long a stopping pipeline waits for the requests it has in the gateway: two rounds of php-fpm's read timeout. */
    private static java.time.Duration stopPatience(FpmRoute route) {
        return route.readTimeout().multipliedBy(2).plusSeconds(1);
    }

    /** The queues served so far. */
    public synchronized List<String> servedQueues() {
        return List.copyOf(served.keySet());
    }

    @Override
    public void close() {
        List<Thread> threads;
        synchronized (this) {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            threads = new ArrayList<>(served.values());
            pipelines.forEach(DispatchPipeline::stop);
        }
        long patience = java.util.stream.Stream.concat(config.routes().values().stream(),
                        config.subscriptions().values().stream())
                .mapToLong(r -> stopPatience(r).toMillis()).max().orElse(60_000) + 5000;
        for (Thread t : threads) {
            try {
                t.join(patience);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        openGateways.forEach(WorkerGateway::close);
        gateways.close();
        declarer.close();
        factory.close();
    }

    /** Declares the configuration's queues without serving them (for {@link ArtemisEngine} with {@code brokerDispatch=false}). */
    static void declareOnly(FpmConfig config) {
        try (WorkerQueueDeclarer d = new WorkerQueueDeclarer(config)) {
            d.declareAll();
        }
    }
}
