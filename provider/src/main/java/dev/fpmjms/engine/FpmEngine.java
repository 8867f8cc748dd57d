package dev.fpmjms.engine;

import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterJmx;
import dev.fpmjms.admin.DeadLetterSelection;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.SubscriptionId;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.health.RouteHealth;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.MessageTooLargeException;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.metrics.EngineMetrics;
import dev.fpmjms.store.MessageStore;
import dev.fpmjms.store.QueueKeys;
import dev.fpmjms.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local message engine of one configuration: its worker queues, local queues, temporary
 * queues and dead-letter queue, its topics ({@link LocalTopics}: each subscription is a local
 * queue), and the dispatch of worker queues to php-fpm. A topic subscription served by a route
 * ({@code subscription.<topic>.<name>}) is a durable subscription made when the engine starts,
 * whose queue is the outbound side of a worker queue named {@code <topic>::<name>} without a
 * reply side ({@link WorkerQueue}).
 *
 * <p>One engine serves every connection made from an equal {@link FpmConfig} in one
 * {@link EngineRegistry}, so two connections see the same queues, as with a broker. The engine
 * outlives a connection: a message sent by a connection that closes right after is still
 * dispatched, and replies wait for the next connection. It runs until {@link #shutdown()}, until
 * its registry stops it (its last lease closed: {@link EngineRegistry}'s stopping rule) or until
 * the end of the JVM, when a shutdown hook shuts it down; each way drains first
 * ({@link #shutdown()}, {@code drainTimeout}). Its threads are daemon threads.
 *
 * <p>With a {@code dataDirectory}, persistent messages on worker, local and dead-letter queues
 * (and on a worker queue's reply side) are kept in a {@link JournalStore} there and put back into
 * their queues when the engine starts: requests are dispatched again, replies and dead letters wait
 * for consumers ({@link EngineRecovery}). Temporary queues live no longer than their connection and
 * are never stored.
 *
 * <p>The engine is a facade: its shutdown runs in {@link EngineShutdown}, its metrics are read by
 * {@link EngineMetricsCollector}, its route health is checked by {@link EngineHealth}; the send
 * path stays here.
 *
 * <p>Thread-safe.
 */
public final class FpmEngine {
    private static final Logger LOG = LoggerFactory.getLogger(FpmEngine.class);

    private final FpmConfig config;
    private final WorkerGatewayFactory gateways;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService outcomeExecutor;
    private final QueueLimits limits;
    /** Where the worker queues put replies and dead letters. */
    private final EngineReplies replies;
    /** The store of persistent messages, or {@code null} without a data directory. */
    private final MessageStore store;
    private final Map<String, WorkerQueue> workerQueues = new ConcurrentHashMap<>();
    /** The worker queues of subscriptions served by routes, by {@link SubscriptionId#queueName()}; made at start. */
    private final Map<String, WorkerQueue> subscriptionWorkers = new ConcurrentHashMap<>();
    private final Map<String, LocalQueue> localQueues = new ConcurrentHashMap<>();
    private final TemporaryQueues temporaryQueues = new TemporaryQueues(ref -> newQueue(ref, null));
    /** The topics and their subscriptions. */
    private final LocalTopics topics;
    private final CopyOnWriteArrayList<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private final String idPrefix = "ID:" + UUID.randomUUID() + ":";
    private final AtomicLong idCounter = new AtomicLong();
    /** Set by {@link EngineShutdown} once the drain is over, before the queues close. */
    private volatile boolean shutdown;
    /** Set when the shutdown starts ({@link EngineShutdown}): sends are refused from then on while the drain runs. */
    private volatile boolean draining;
    /** The shutdown, its drain and report, and the JVM exit hook that runs it. */
    private final EngineShutdown shutdownSequence;
    private final EngineHealth health;
    private final EngineDeadLetters deadLetters = new EngineDeadLetters(this);
    private final ClientIdRegistry clientIds = new ClientIdRegistry();
    /** Unregisters the dead letters' MBean; set once the engine is built. */
    private volatile Runnable deadLettersJmx = () -> { };
    private final EngineMeters meters;
    private final DispatchWatch dispatchWatch = new DispatchWatch(this::allWorkerQueues);
    /** Reads the metrics of the queues and the journal. */
    private final EngineMetricsCollector metricsCollector;

    /** An engine in no registry (tests). */
    FpmEngine(FpmConfig config, WorkerGatewayFactory gateways, Clock clock) {
        this(config, gateways, clock, null, null);
    }

    /**
     * @param givenStore the store to use, or {@code null} for the journal of the configuration's data directory (if any)
     * @param registry   the registry to tell at shutdown, or {@code null}
     */
    FpmEngine(FpmConfig config, WorkerGatewayFactory gateways, Clock clock, MessageStore givenStore,
              EngineRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.gateways = Objects.requireNonNull(gateways, "gateways");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replies = new EngineReplies(this, clock);
        this.health = new EngineHealth(config, gateways);
        this.meters = new EngineMeters(config.name());
        this.store = givenStore != null ? givenStore : EngineRecovery.openStore(config, gateways);
        this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("fpm-jms-timer-" + config.name()));
        this.timer.setRemoveOnCancelPolicy(true);
        this.outcomeExecutor = Executors.newCachedThreadPool(new DaemonThreads("fpm-jms-outcome-" + config.name()));
        this.limits = new QueueLimits(config.maxQueueMessages(), config.maxQueueBytes(),
                config.fullQueuePolicy(), config.sendTimeout());
        this.topics = new LocalTopics(this::newQueue);
        this.metricsCollector = new EngineMetricsCollector(config, this::isShutdown, workerQueues, subscriptionWorkers,
                localQueues, store);
        this.shutdownSequence = new EngineShutdown(this, registry, gateways, dispatchWatch,
                () -> {
                    health.unregisterJmx();
                    deadLettersJmx.run();
                    meters.unregisterAll();
                },
                workerQueues, subscriptionWorkers, localQueues, temporaryQueues, topics, timer, outcomeExecutor, store);
        try {
            for (String name : config.localQueues()) {
                localQueues.put(name, newQueue(DestinationRef.queue(name), QueueKeys.local(name)));
            }
            localQueues.put(config.deadLetterQueue(), newQueue(DestinationRef.queue(config.deadLetterQueue()),
                    QueueKeys.local(config.deadLetterQueue())));
            for (FpmRoute route : config.subscriptions().values()) {
                serveSubscription(route);
            }
            if (store == null) {
                LOG.warn("fpm-jms '{}': no dataDirectory set: PERSISTENT messages are kept in memory only and do not survive a JVM crash", config.name());
            } else {
                new EngineRecovery(config.name(), localQueues, this::workerQueue, topics).recover(store);
            }
            health.registerJmx();
            deadLettersJmx = DeadLetterJmx.register(config.name(), deadLetters);
            meters.registerEngine(this::metrics);
            for (String queue : config.routes().keySet()) {
                meters.registerQueue(queue, () -> metricsCollector.queueMetrics(queue));
            }
            for (String queue : config.subscriptions().keySet()) {
                meters.registerQueue(queue, () -> metricsCollector.queueMetrics(queue));
            }
            shutdownSequence.registerJvmExitHook();
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    /** Makes a subscription served by a route and its worker queue (before recovery: see {@link LocalTopics#serve}). */
    private void serveSubscription(FpmRoute route) {
        SubscriptionId id = SubscriptionId.ofQueueName(route.queue());
        TopicSubscription s = topics.serve(DestinationRef.topic(id.topic()), id.name());
        subscriptionWorkers.put(route.queue(), new WorkerQueue(route.queue(), route, s.queue(), null,
                gateways.open(route.queue(), route), replies, outcomeExecutor, clock, this::routeFailed));
    }

    /**
     * Checks the health of every route now (reachable, and the pool's status page when known;
     * {@code docs/operations.md}). Blocks up to a few connect timeouts per endpoint; call it off
     * hot paths. Routes whose gateways are not FastCGI are left out.
     *
     * @throws IllegalStateException when the engine is shut down
     */
    public List<RouteHealth> health() {
        ensureRunning();
        return health.check();
    }

    /**
     * The engine's metrics now: per worker queue (every configured route's, and each queue of the
     * default route once used) depths read from the queues and counters since the engine started,
     * the dead-letter queue's depth and the journal's metrics; see {@code docs/operations.md},
     * "Metrics". Cheap: takes each queue's lock briefly, never blocks on I/O. A shut-down engine
     * reports {@link EngineMetrics#notRunning}. Read by {@link EngineMetricsCollector}.
     */
    public EngineMetrics metrics() {
        return metricsCollector.metrics();
    }

    public FpmConfig config() {
        return config;
    }

    /**
     * Waits until no worker queue holds a request (waiting, delayed, being retried or in flight),
     * that is until every message sent so far has reached its final outcome.
     *
     * @return {@code true} when idle, {@code false} when the timeout ran out first
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitDispatched(java.time.Duration timeout) throws InterruptedException {
        return dispatchWatch.awaitNone(w -> w.outbound().size() > 0, timeout, () -> shutdown);
    }

    /** The worker queues now: the routes' (default route's included), then the subscriptions'. */
    List<WorkerQueue> allWorkerQueues() {
        List<WorkerQueue> all = new java.util.ArrayList<>(workerQueues.values());
        all.addAll(subscriptionWorkers.values());
        return all;
    }

    /** A new, unique JMSMessageID (with the {@code ID:} prefix). */
    public String newMessageId() {
        return idPrefix + idCounter.incrementAndGet();
    }

    public void addListener(EngineListener listener) {
        listeners.add(listener);
    }

    public void removeListener(EngineListener listener) {
        listeners.remove(listener);
    }

    /**
     * Accepts a message for its destination: a worker queue's outbound side, a local queue or a
     * temporary queue. Blocks while the queue is full (per the configured policy).
     *
     * @throws UnknownDestinationException no such queue; the message's destination names it
     * @throws QueueFullException          the queue stayed full
     * @throws MessageTooLargeException    the message can never be delivered (see {@link #checkSendable})
     */
    public void send(FpmEnvelope envelope) throws UnknownDestinationException, QueueFullException, InterruptedException {
        ensureAccepting();
        checkSize(envelope);
        if (envelope.destination().isTopic()) {
            publish(envelope);
            return;
        }
        WorkerQueue subscription = subscriptionTarget(envelope.destination());
        if (subscription != null) {
            subscription.outbound().enqueue(toTopicOf(subscription, envelope));
            return;
        }
        targetForSend(envelope).enqueue(envelope);
    }

    /**
     * The worker queue of a subscription served by a route when {@code destination} names it as a
     * queue ({@code <topic>::<name>}, Artemis's fully qualified form): a message sent there goes to
     * that subscription alone (the engine's own sends: a replayed dead letter). {@code null} for any
     * other destination.
     */
    private WorkerQueue subscriptionTarget(DestinationRef destination) {
        return destination.kind() == DestinationRef.Kind.QUEUE ? subscriptionWorkers.get(destination.name()) : null;
    }

    /** The message as its subscription's workers see it: addressed to the topic. */
    private static FpmEnvelope toTopicOf(WorkerQueue subscription, FpmEnvelope envelope) {
        return envelope.toBuilder().destination(DestinationRef.topic(SubscriptionId.ofQueueName(subscription.name()).topic()))
                .build();
    }

    /**
     * Checks, without sending it, that a message could be sent: its destination exists and it is
     * within the limits it can never get under: {@code maxMessageBytes} (its size as queues count
     * it), and for a worker queue whatever its gateway knows (the echo worker's reply limits).
     * {@link #send}, {@link #startSend} and {@link #sendAll} check the same; a transacted session
     * calls this at {@code send()} so that such a message fails there, not at commit.
     *
     * @throws UnknownDestinationException no such queue or topic
     * @throws MessageTooLargeException    naming the limit, its value and the message's size
     */
    public void checkSendable(FpmEnvelope envelope) throws UnknownDestinationException {
        ensureAccepting();
        checkSize(envelope);
        if (envelope.destination().isTopic()) {
            checkDestination(envelope.destination());
            return;
        }
        if (subscriptionTarget(envelope.destination()) == null) {
            targetForSend(envelope);
        }
    }

    private void checkSize(FpmEnvelope envelope) {
        long size = envelope.sizeEstimate();
        if (size > config.maxMessageBytes()) {
            DestinationRef to = envelope.destination();
            throw new MessageTooLargeException("message " + envelope.messageId() + " to "
                    + to.kind().name().toLowerCase(java.util.Locale.ROOT) + " '" + to.name() + "' takes " + size
                    + " bytes (body, headers and properties as queues count them), over the limit of "
                    + config.maxMessageBytes() + " bytes (maxMessageBytes)");
        }
    }

    /**
     * Publishes to a topic: each subscription whose selector accepts the message gets it, one
     * after the other (each blocks while its queue is full, per the policy). A subscription that
     * stays full fails the publish with the copies made so far delivered.
     */
    private void publish(FpmEnvelope envelope) throws UnknownDestinationException, QueueFullException, InterruptedException {
        ensureRunning();
        for (LocalQueue q : topics.targets(envelope)) {
            try {
                q.enqueue(envelope);
            } catch (IllegalStateException closed) {
                // the subscription ended while the message was published: it no longer wants it
                if (!q.isClosed()) {
                    throw closed;
                }
            }
        }
    }

    /**
     * Starts a send that is completed later, for asynchronous sends: for a persistent message to a
     * queue with a store, reserves room in the queue (blocking while it is full, per the
     * configured policy, as {@link #send} does) and hands the message to the store's group commit
     * without waiting for the write; the message becomes visible once it is durable
     * ({@link PendingSend}). Anything else (a non-persistent message, a queue without a store) is
     * not started: the caller uses {@link #send}.
     *
     * @return the pending send, or {@code null} when the message is to go through {@link #send}
     * @throws UnknownDestinationException no such queue
     * @throws QueueFullException          the queue stayed full; nothing was stored
     * @throws dev.fpmjms.store.StoreException the store refused the message at once
     */
    public PendingSend startSend(FpmEnvelope envelope) throws UnknownDestinationException, QueueFullException, InterruptedException {
        ensureAccepting();
        checkSize(envelope);
        if (envelope.destination().isTopic() || subscriptionTarget(envelope.destination()) != null) {
            return null;
        }
        return targetForSend(envelope).beginStored(envelope);
    }

    /**
     * Accepts the messages of a committed transaction. Each queue takes its share all or none; a
     * failure part-way leaves earlier queues' shares sent (the facade checks destinations before).
     */
    public void sendAll(List<FpmEnvelope> envelopes) throws UnknownDestinationException, QueueFullException, InterruptedException {
        ensureAccepting();
        Map<LocalQueue, List<FpmEnvelope>> byQueue = new java.util.LinkedHashMap<>();
        for (FpmEnvelope e : envelopes) {
            checkSize(e);
            WorkerQueue subscription = subscriptionTarget(e.destination());
            if (e.destination().isTopic()) {
                for (LocalQueue q : topics.targets(e)) {
                    byQueue.computeIfAbsent(q, k -> new java.util.ArrayList<>()).add(e);
                }
            } else if (subscription != null) {
                byQueue.computeIfAbsent(subscription.outbound(), k -> new java.util.ArrayList<>()).add(toTopicOf(subscription, e));
            } else {
                byQueue.computeIfAbsent(targetForSend(e), q -> new java.util.ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<LocalQueue, List<FpmEnvelope>> e : byQueue.entrySet()) {
            e.getKey().enqueueAll(e.getValue());
        }
    }

    /** Checks that a destination exists, for producers and consumers created on it. */
    public void checkDestination(DestinationRef destination) throws UnknownDestinationException {
        if (destination.isTopic()) {
            ensureRunning();
            topics.check(destination);
            return;
        }
        consumerQueue(destination);
    }

    /**
     * Opens a topic subscription for a new consumer (see {@link LocalTopics#subscribe}); the
     * consumer reads {@link TopicSubscription#queue()} and calls {@link #closeSubscription} once
     * when it closes.
     *
     * @throws UnknownDestinationException   a deleted temporary topic
     * @throws SubscriptionConflictException the name is in use with another topic, selector or kind
     * @throws IllegalStateException         a durable subscription without client ID or with an
     *                                       active consumer; the engine is shut down
     */
    public TopicSubscription subscribe(SubscriptionSpec spec) throws UnknownDestinationException, SubscriptionConflictException {
        ensureRunning();
        return topics.subscribe(spec);
    }

    /** A consumer of the subscription closed; a non-durable subscription ends with its last consumer. */
    public void closeSubscription(TopicSubscription subscription) {
        topics.detach(subscription);
    }

    /**
     * Deletes a durable subscription and its messages (stored ones too).
     *
     * @throws UnknownDestinationException no such durable subscription
     * @throws IllegalStateException       it has an active consumer
     */
    public void unsubscribe(String clientId, String name) throws UnknownDestinationException {
        ensureRunning();
        topics.unsubscribe(clientId, name);
    }

    /** Creates a temporary topic owned by a connection. */
    public DestinationRef createTemporaryTopic(String ownerConnectionId) {
        ensureRunning();
        return topics.createTemporaryTopic(ownerConnectionId);
    }

    /** The connection that owns a temporary topic, or {@code null} when it does not exist. */
    public String temporaryTopicOwner(DestinationRef ref) {
        return topics.temporaryTopicOwner(ref);
    }

    /** Whether a topic has subscriptions now. */
    public boolean hasSubscriptions(DestinationRef topic) {
        return topics.hasSubscriptions(topic);
    }

    /** Deletes a temporary topic and its subscriptions. Unknown names are ignored. */
    public void deleteTemporaryTopic(DestinationRef ref) {
        topics.deleteTemporaryTopic(ref);
    }

    /** Where a message to a queue goes; a worker queue's gateway may refuse it first (see {@link #checkSendable}). */
    private LocalQueue targetForSend(FpmEnvelope envelope) throws UnknownDestinationException {
        DestinationRef destination = envelope.destination();
        if (destination.kind() == DestinationRef.Kind.QUEUE) {
            WorkerQueue worker = workerQueue(destination.name());
            if (worker != null) {
                worker.checkSendable(envelope);
                return worker.outbound();
            }
        }
        return consumerQueue(destination);
    }

    /**
     * The queue consumers and browsers of a destination read: a worker queue's inbound side
     * (its replies), a local queue or a temporary queue.
     */
    public LocalQueue consumerQueue(DestinationRef destination) throws UnknownDestinationException {
        ensureRunning();
        switch (destination.kind()) {
            case QUEUE: {
                LocalQueue local = localQueues.get(destination.name());
                if (local != null) {
                    return local;
                }
                WorkerQueue worker = workerQueue(destination.name());
                if (worker != null) {
                    return worker.inbound();
                }
                throw new UnknownDestinationException("no queue named '" + destination.name()
                        + "' in fpm-jms '" + config.name() + "'; queues: " + config.queueNames()
                        + (SubscriptionId.isSubscriptionQueue(destination.name())
                        ? " ('" + SubscriptionId.SEPARATOR + "' names the worker queue of a topic subscription served by a"
                        + " route, which has no consumer side: publish to its topic)"
                        : " (add a route for it, or a default route)"));
            }
            case TEMPORARY_QUEUE: {
                LocalQueue t = temporaryQueues.queue(destination.name());
                if (t == null) {
                    throw new UnknownDestinationException("temporary queue '" + destination.name() + "' has been deleted");
                }
                return t;
            }
            default:
                throw new UnknownDestinationException(destination + " is a topic: its consumers read a subscription");
        }
    }

    /**
     * What a browser of the destination sees (see {@link BrowseView}): for a worker queue its
     * replies and then the requests waiting for dispatch.
     *
     * @throws UnknownDestinationException as {@link #consumerQueue}
     */
    public BrowseView browseView(DestinationRef destination) throws UnknownDestinationException {
        LocalQueue consumerSide = consumerQueue(destination);
        WorkerQueue worker = destination.kind() == DestinationRef.Kind.QUEUE && !localQueues.containsKey(destination.name())
                ? workerQueue(destination.name()) : null;
        return new BrowseView(consumerSide, worker != null ? worker.outbound() : null);
    }

    /** Whether the queue is served by PHP workers. */
    public boolean isWorkerQueue(String name) {
        if (SubscriptionId.isSubscriptionQueue(name)) {
            return subscriptionWorkers.containsKey(name);
        }
        return !localQueues.containsKey(name) && config.routeFor(name).isPresent();
    }

    private WorkerQueue workerQueue(String name) {
        WorkerQueue existing = workerQueues.get(name);
        if (existing != null) {
            return existing;
        }
        if (localQueues.containsKey(name) || SubscriptionId.isSubscriptionQueue(name)) {
            return null; // <topic>::<name> is a subscription's worker queue, never a queue the default route serves
        }
        FpmRoute route = config.routeFor(name).orElse(null);
        if (route == null) {
            return null;
        }
        WorkerQueue worker = workerQueues.computeIfAbsent(name, n -> new WorkerQueue(n, route,
                newQueue(DestinationRef.queue(n), QueueKeys.worker(n)), newQueue(DestinationRef.queue(n), QueueKeys.replies(n)),
                gateways.open(n, route), replies, outcomeExecutor, clock, this::routeFailed));
        meters.registerQueue(name, () -> metricsCollector.queueMetrics(name));
        return worker;
    }

    private void routeFailed(String queue, String detail) {
        for (EngineListener l : listeners) {
            try {
                l.onRouteFailure(queue, detail);
            } catch (RuntimeException e) {
                LOG.warn("engine listener failed", e);
            }
        }
    }

    /** Creates a temporary queue owned by a connection. */
    public DestinationRef createTemporaryQueue(String ownerConnectionId) {
        ensureRunning();
        return temporaryQueues.create(ownerConnectionId);
    }

    /** The connection that owns a temporary queue, or {@code null} when it does not exist. */
    public String temporaryQueueOwner(DestinationRef ref) {
        return temporaryQueues.owner(ref.name());
    }

    /** Deletes a temporary queue and drops what it holds. Unknown names are ignored. */
    public void deleteTemporaryQueue(DestinationRef ref) {
        temporaryQueues.delete(ref.name());
    }

    /**
     * Moves dead letters of a worker queue back to it for another try: those whose
     * {@code JMS_FPM_ORIGINAL_DESTINATION} is {@code workerQueue}, oldest (and highest priority)
     * first. Each goes back with its JMSMessageID, body, headers and its own properties, without
     * the {@code JMS_FPM_*} properties and with a fresh attempt count (JMSRedelivered false,
     * JMSXDeliveryCount 0), so the retry policy applies anew. It is put on the worker queue
     * before it leaves the dead-letter queue: a crash in between keeps both copies, never none.
     * Dead letters that arrive while this runs are left for a later call. A subscription served by
     * a route is named by its worker queue ({@code <topic>::<name>}): its dead letters go back to
     * that subscription alone, addressed to the topic.
     *
     * <p>Blocks like {@link #send} when the worker queue is full.
     *
     * @param workerQueue the worker queue the dead letters came from
     * @param max         the most to move
     * @return how many were moved
     * @throws UnknownDestinationException {@code workerQueue} is not a worker queue
     * @throws QueueFullException          the worker queue stayed full; the dead letter in hand
     *                                     stays in the dead-letter queue, earlier ones were moved
     */
    public int redeliverDeadLetters(String workerQueue, int max)
            throws UnknownDestinationException, QueueFullException, InterruptedException {
        ensureAccepting();
        if (!isWorkerQueue(workerQueue)) {
            throw new UnknownDestinationException("'" + workerQueue + "' is not a worker queue of fpm-jms '"
                    + config.name() + "'; dead letters go back to worker queues only");
        }
        try {
            return deadLetters.move(DeadLetterSelection.queue(workerQueue)::matches,
                    Math.min(max, deadLetterQueue().size()));
        } catch (EngineDeadLetters.PartialMove e) {
            if (e.getCause() instanceof QueueFullException full) {
                throw full;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw e;
        }
    }

    /** The client ids held by this engine's open connections. */
    public ClientIdRegistry clientIds() {
        return clientIds;
    }

    /**
     * The dead letters of this engine: list, show, replay, purge ({@link DeadLetterAdmin}). Also
     * registered in JMX as {@code dev.fpmjms:type=DeadLetters,engine=<name>} while the engine runs.
     * Its methods fail with {@link IllegalStateException} once the engine is shut down.
     */
    public DeadLetterAdmin deadLetters() {
        return deadLetters;
    }

    /** A queue; {@code storeKey} {@code null} for one that is never stored (temporary queues). */
    private LocalQueue newQueue(DestinationRef ref, String storeKey) {
        return store == null || storeKey == null
                ? new LocalQueue(ref, limits, clock, timer)
                : new LocalQueue(ref, limits, clock, timer, store, storeKey);
    }

    private void ensureRunning() {
        if (shutdown) {
            throw new IllegalStateException("fpm-jms engine '" + config.name() + "' has been shut down");
        }
    }

    /**
     * Refuses new messages once the shutdown has started (while it drains, and after): the
     * engine's own hand-overs (replies, dead letters) go on until the queues close.
     */
    private void ensureAccepting() {
        if (draining) {
            throw new IllegalStateException("fpm-jms engine '" + config.name() + "' is shutting down"
                    + (shutdown ? "" : " (draining for up to drainTimeout " + ShutdownReport.format(config.drainTimeout()) + ")")
                    + ": it accepts no new messages");
        }
    }

    public boolean isShutdown() {
        return shutdown;
    }

    /** Whether the shutdown has started: sends are refused, and the engine may still be draining. */
    public boolean isShuttingDown() {
        return draining;
    }

    /** Whether PERSISTENT messages go to a store (a data directory is configured). */
    boolean hasStore() {
        return store != null;
    }

    /** The dead-letter queue (always a local queue of the engine). */
    LocalQueue deadLetterQueue() {
        return localQueues.get(config.deadLetterQueue());
    }

    /**
     * Shuts the engine down after a drain, and leaves its registry so that a later request there
     * starts a fresh engine. Blocks up to the configuration's {@code drainTimeout}, then while
     * dispatch threads, gateways and the embedded php-fpm stop.
     *
     * <ol>
     * <li>Sends are refused from the start ({@link IllegalStateException} naming the engine; the
     *     JMS facade turns it into {@code jakarta.jms.IllegalStateException}).</li>
     * <li>The drain: dispatch goes on until no worker queue holds a request kept in memory only
     *     (NON_PERSISTENT, or any without a data directory), waiting, retrying or in flight, or
     *     until {@code drainTimeout} has passed (zero: no wait). Requests in the journal do not
     *     hold it up. Replies and dead letters keep being delivered meanwhile.</li>
     * <li>What is left in memory is dropped, and what the journal holds stays there for the next
     *     start (requests in flight to PHP included, which are dispatched again then).</li>
     * <li>One line is logged with the counts per queue ({@link ShutdownReport#describe()}): INFO
     *     when nothing was dropped, else WARN.</li>
     * </ol>
     *
     * <p>Idempotent: a call during another call's drain waits for it; every call returns the
     * report of the one shutdown. An interrupt ends the drain early (the interrupt is kept). Runs in
     * {@link EngineShutdown}, as does the JVM exit hook that calls it.
     *
     * @return what was dropped and kept, per queue
     */
    public ShutdownReport shutdown() {
        return shutdownSequence.shutdown();
    }

    /** The shutdown has started ({@link EngineShutdown}): sends are refused from now on. */
    void refuseSends() {
        draining = true;
    }

    /** The drain is over ({@link EngineShutdown}): the engine counts as shut down from now on. */
    void markShutDown() {
        shutdown = true;
    }

    /**
     * Where the requests of every worker queue holding some are, for a diagnostic dump when they
     * make no progress: handed to php-fpm against the dispatch window, held by the reorder stage
     * (with each producer's first requests), waiting, and the FastCGI client's state (requests in
     * progress with phase, connection and deadline, the pool share's limit and probe, idle
     * connections). Logged by {@link #shutdown()} when its drain runs out; any thread; a racy
     * snapshot whose format may change.
     */
    public String describeDispatch() {
        return dispatchWatch.describe();
    }
}
