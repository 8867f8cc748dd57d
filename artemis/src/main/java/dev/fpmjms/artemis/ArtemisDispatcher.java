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
 * {@link #slots(FpmRoute)} {@link DispatchSlot}s consume its requests
 * and deliver them to php-fpm through the provider's gateway (the same FastCGI client and wire
 * encoding as embedded mode), which runs at most {@code maxInFlight} of them in php-fpm at once.
 * Any number of dispatchers, in any processes, may serve one queue; each keeps its own route's
 * limit.
 *
 * <p>A topic subscription served by a route ({@code subscription.<topic>.<name>}) is served the
 * same way from its durable subscription queue on the topic's address ({@link WorkerQueues});
 * several dispatchers share it as they share a worker queue.
 *
 * <p>{@link #start} serves every queue with its own route and every subscription; queues of the default route
 * ({@code route.*}) have no names to find on the broker, so they are served once named through
 * {@link #serve}. Thread-safe. {@link #close()} stops the slots after the requests in hand are
 * settled (or rolled back, for a request waiting for an unreachable php-fpm).
 */
public final class ArtemisDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArtemisDispatcher.class);
    /**
     * The dispatch slots of a route: {@code maxInFlight}, or twice that with
     * {@code replyOrder=completion}. Each slot settles its request and reply in a broker
     * transaction of its own, so replies of concurrent slots commit in whichever order they finish:
     * with the default {@code replyOrder=producer} the slots are as many as PHP may run, and a
     * route with {@code maxInFlight = 1} answers one producer's requests in its send order. With
     * {@code completion} order, while a slot waits for the broker (its next request, its commit),
     * another one's request is in PHP; the route's FastCGI client still runs at most
     * {@code maxInFlight} of them in php-fpm and keeps the others waiting.
     */
    static int slots(FpmRoute route) {
        return route.replyOrder() == ReplyOrder.COMPLETION ? 2 * route.maxInFlight() : route.maxInFlight();
    }

    private final FpmConfig config;
    private final ActiveMQConnectionFactory factory;
    private final WorkerQueueDeclarer declarer;
    private final WorkerGatewayFactory gateways;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<String, List<Thread>> served = new LinkedHashMap<>();
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
        startSlots(queue, null, route, WorkerQueues.requests(queue));
        LOG.info("dispatching worker queue '{}' from {} ({} in flight)", queue, BrokerUrls.clientUrl(config.broker()),
                route.maxInFlight());
    }

    /** Declares a subscription's queue and serves it with its route. */
    private synchronized void serveSubscription(FpmRoute route) {
        SubscriptionId id = SubscriptionId.ofQueueName(route.queue());
        declarer.declareSubscription(id);
        startSlots(route.queue(), id, route, WorkerQueues.subscriptionRequests(id));
        LOG.info("dispatching subscription '{}' of topic '{}' (Artemis queue {}) from {} ({} in flight)", id.name(),
                id.topic(), WorkerQueues.subscriptionAddress(id), BrokerUrls.clientUrl(config.broker()), route.maxInFlight());
    }

    /** Starts the route's {@code maxInFlight} slots on {@code requests}; {@code subscription} null for a worker queue. */
    private void startSlots(String queue, SubscriptionId subscription, FpmRoute route, jakarta.jms.Queue requests) {
        WorkerGateway gateway = gateways.open(queue, route);
        openGateways.add(gateway);
        Settlement settlement = new Settlement(queue, subscription, route, gateway, config.deadLetterQueue(),
                config.objectMessageAllowList(), stopped::get);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < slots(route); i++) {
            String name = config.name() + "-" + queue + "-" + i;
            Thread t = new Thread(new DispatchSlot(name, factory, requests, settlement, stopped), "fpm-dispatch-" + name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        served.put(queue, threads);
    }

    /** The queues served so far. */
    public synchronized List<String> servedQueues() {
        return List.copyOf(served.keySet());
    }

    @Override
    public void close() {
        List<Thread> threads = new ArrayList<>();
        synchronized (this) {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            served.values().forEach(threads::addAll);
        }
        for (Thread t : threads) {
            try {
                t.join(java.util.stream.Stream.concat(config.routes().values().stream(), config.subscriptions().values().stream())
                        .mapToLong(r -> r.readTimeout().toMillis()).max().orElse(30_000) + 5000);
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
