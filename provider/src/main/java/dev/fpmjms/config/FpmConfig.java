package dev.fpmjms.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration of an fpm-jms provider instance: routes, the embedded php-fpm, queue
 * limits, dead letters, durability and ObjectMessage safety.
 *
 * <p>Immutable and validated when built: a bad value fails with an {@link IllegalArgumentException}
 * that names the setting. URI strings, {@code Properties}, JNDI environments and the connection
 * factory's JavaBean setters all end in this object. Two factories built from equal
 * configurations share one engine, so their connections see the same queues ({@link #equals}).
 *
 * @param name                  a label for logs and thread names
 * @param routes                worker queues by name (insertion order); no name holds {@code ::}
 * @param subscriptions         topic subscriptions served by routes ({@code docs/topics.md}), by
 *                              {@link SubscriptionId#queueName()} ({@code <topic>::<name>}, also
 *                              each route's queue name); a subscription name is used by one topic only
 * @param defaultRoute          the route for any queue without its own, or {@code null}
 * @param localQueues           names of queues without a route (plain in-process queues)
 * @param embeddedFpm           settings of the embedded php-fpm, used by routes whose endpoint is
 *                              {@code embedded}; {@code null} when no route uses it
 * @param deadLetterQueue       the name of the dead-letter queue (a local queue)
 * @param maxQueueMessages      size limit of each queue in messages
 * @param maxQueueBytes         size limit of each queue in bytes (estimated)
 * @param fullQueuePolicy       block or fail a producer at the limit
 * @param sendTimeout           how long a blocked producer waits before it fails
 * @param objectMessageAllowList packages ({@code java.util}) or classes allowed in ObjectMessage
 *                              deserialization; a {@code *} entry allows everything (unsafe)
 * @param objectMessageLimits   limits on depth, references, array lengths and bytes of one
 *                              ObjectMessage body, checked while it is deserialized (default
 *                              {@link ObjectMessageLimits#DEFAULT})
 * @param dataDirectory         where persistent messages are journaled; {@code null} keeps
 *                              everything in memory (PERSISTENT then survives no crash: a warning
 *                              is logged at start)
 * @param fsyncPolicy           when the journal in {@code dataDirectory} is forced to disk, which
 *                              decides what a machine crash can lose (default {@link FsyncPolicy#ALWAYS})
 * @param listenerBatchWindow   how long a session's listener thread that has just delivered
 *                              several messages in a row waits before it looks again, instead of
 *                              being woken for each message ({@link #DEFAULT_LISTENER_BATCH_WINDOW};
 *                              zero wakes it for every message); a listener that found one message
 *                              or none is woken at once, so a lone message is never held back
 * @param broker                the broker mode ({@link BrokerSettings}): queues in an external
 *                              broker, served by dispatchers; {@code null} (the default) keeps
 *                              the queues in this JVM
 * @param maxMessageBytes       the largest message {@code send()} accepts, as queues count a
 *                              message's size ({@link dev.fpmjms.envelope.FpmEnvelope#sizeEstimate()}:
 *                              body bytes, text at 2 bytes a character, headers and properties);
 *                              a larger one fails at {@code send()} (default
 *                              {@value #DEFAULT_MAX_MESSAGE_BYTES} bytes)
 * @param drainTimeout          how long an engine that shuts down waits for the messages it holds
 *                              in memory only (NON_PERSISTENT ones, and all without a data
 *                              directory) to be dispatched to php-fpm and settled before it drops
 *                              the rest and logs what it dropped ({@link #DEFAULT_DRAIN_TIMEOUT};
 *                              zero does not wait)
 * @param tracing               whether sends, dispatches and deliveries are OpenTelemetry spans
 *                              when its API is on the class path (default true;
 *                              {@code docs/operations.md}, "Traces"); the W3C trace context of
 *                              messages travels to PHP and back either way
 */
public record FpmConfig(String name, Map<String, FpmRoute> routes, Map<String, FpmRoute> subscriptions,
                        FpmRoute defaultRoute,
                        Set<String> localQueues, EmbeddedFpmSettings embeddedFpm,
                        String deadLetterQueue, long maxQueueMessages, long maxQueueBytes,
                        FullQueuePolicy fullQueuePolicy, Duration sendTimeout,
                        List<String> objectMessageAllowList, ObjectMessageLimits objectMessageLimits,
                        Path dataDirectory,
                        FsyncPolicy fsyncPolicy, Duration listenerBatchWindow,
                        BrokerSettings broker, long maxMessageBytes, Duration drainTimeout,
                        boolean tracing) {

    /** The message size limit unless configured: 16 MiB, the default {@code maxReplyBytes} too. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 16L * 1024 * 1024;

    /** The drain at shutdown unless configured: long enough for a few requests of a typical worker. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    /** The allow-list used unless configured: JDK value and collection types only. */
    public static final List<String> DEFAULT_OBJECT_ALLOW_LIST =
            List.of("java.lang", "java.util", "java.math", "java.time");

    /** The listener batch window unless configured (why: {@code SessionDispatcher}; cost: docs/benchmarks.md). */
    public static final Duration DEFAULT_LISTENER_BATCH_WINDOW = Duration.ofMillis(1);

    /** The longest listener batch window a configuration may set. */
    public static final Duration MAX_LISTENER_BATCH_WINDOW = Duration.ofSeconds(1);

    public FpmConfig {
        ConfigChecks.require(name != null && !name.isBlank(), "name", "non-blank", name);
        routes = routes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        for (Map.Entry<String, FpmRoute> e : routes.entrySet()) {
            ConfigChecks.require(e.getKey().equals(e.getValue().queue()), "routes",
                    "keyed by their queue names", e.getKey());
            ConfigChecks.require(!SubscriptionId.isSubscriptionQueue(e.getKey()), "route '" + e.getKey() + "'",
                    "a queue name without '" + SubscriptionId.SEPARATOR + "' (the form of subscriptions' worker queues,"
                    + " set with subscription.<topic>.<name>)", e.getKey());
        }
        subscriptions = subscriptions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions));
        checkSubscriptions(subscriptions);
        ConfigChecks.require(defaultRoute == null || defaultRoute.isDefault(), "defaultRoute",
                "a route for queue '*'", defaultRoute == null ? null : defaultRoute.queue());
        localQueues = localQueues == null ? Set.of() : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(localQueues));
        for (String q : localQueues) {
            ConfigChecks.require(!routes.containsKey(q), "localQueues", "names without a route", q);
        }
        ConfigChecks.require(deadLetterQueue != null && !deadLetterQueue.isBlank(), "deadLetterQueue", "non-blank", deadLetterQueue);
        ConfigChecks.require(!routes.containsKey(deadLetterQueue), "deadLetterQueue", "a queue without a route", deadLetterQueue);
        ConfigChecks.require(maxQueueMessages >= 1, "maxQueueMessages", "at least 1", maxQueueMessages);
        ConfigChecks.require(maxQueueBytes >= 1024, "maxQueueBytes", "at least 1024", maxQueueBytes);
        ConfigChecks.require(maxMessageBytes >= 1024, "maxMessageBytes", "at least 1024", maxMessageBytes);
        Objects.requireNonNull(fullQueuePolicy, "fullQueuePolicy");
        ConfigChecks.requireNonNegative(sendTimeout, "sendTimeout");
        drainTimeout = drainTimeout == null ? DEFAULT_DRAIN_TIMEOUT : drainTimeout;
        ConfigChecks.requireNonNegative(drainTimeout, "drainTimeout");
        fsyncPolicy = fsyncPolicy == null ? FsyncPolicy.ALWAYS : fsyncPolicy;
        listenerBatchWindow = listenerBatchWindow == null ? DEFAULT_LISTENER_BATCH_WINDOW : listenerBatchWindow;
        ConfigChecks.requireNonNegative(listenerBatchWindow, "listenerBatchWindow");
        ConfigChecks.require(listenerBatchWindow.compareTo(MAX_LISTENER_BATCH_WINDOW) <= 0, "listenerBatchWindow",
                "at most 1s", listenerBatchWindow);
        objectMessageAllowList = objectMessageAllowList == null ? DEFAULT_OBJECT_ALLOW_LIST : List.copyOf(objectMessageAllowList);
        objectMessageLimits = objectMessageLimits == null ? ObjectMessageLimits.DEFAULT : objectMessageLimits;
        boolean needsEmbedded = allRoutes(routes, subscriptions, defaultRoute).stream().anyMatch(FpmConfig::usesEmbedded);
        ConfigChecks.require(!needsEmbedded || embeddedFpm != null, "embeddedFpm",
                "set when a route's endpoint is 'embedded'", null);
        if (embeddedFpm != null) {
            // A kept-alive connection pins a php-fpm child even while idle, and every route keeps
            // its own connections: more connections than children, summed over the routes that
            // share the embedded pool, would leave requests waiting in php-fpm's backlog.
            int total = 0;
            List<String> sharing = new ArrayList<>();
            for (FpmRoute r : allRoutes(routes, subscriptions, defaultRoute)) {
                if (usesEmbedded(r)) {
                    total += r.maxInFlight();
                    sharing.add(r.queue() + "=" + r.maxInFlight());
                }
            }
            ConfigChecks.require(total <= embeddedFpm.maxChildren(), "maxInFlight of the routes on the embedded php-fpm "
                    + sharing, "in sum at most embeddedFpm.maxChildren (" + embeddedFpm.maxChildren() + ")", total);
        }
    }

    /**
     * Subscriptions are keyed by their queue names ({@code <topic>::<name>}), and a subscription
     * name belongs to one topic: it names a shared durable subscription without client ID, which
     * JMS (and Artemis, where it is a queue name) identifies by name alone.
     */
    private static void checkSubscriptions(Map<String, FpmRoute> subscriptions) {
        Map<String, String> topicByName = new java.util.HashMap<>();
        for (Map.Entry<String, FpmRoute> e : subscriptions.entrySet()) {
            ConfigChecks.require(e.getKey().equals(e.getValue().queue()), "subscriptions",
                    "keyed by their queue names (<topic>::<name>)", e.getKey());
            SubscriptionId id = SubscriptionId.ofQueueName(e.getKey());
            String other = topicByName.putIfAbsent(id.name(), id.topic());
            ConfigChecks.require(other == null, "subscription." + id.topic() + "." + id.name(),
                    "a subscription name used by one topic only (a shared durable subscription is identified by its"
                    + " name; it is already subscription." + other + "." + id.name() + ")", id.name());
        }
    }

    /** The subscription served by a route whose name is {@code name}, or {@code null}. */
    public FpmRoute subscriptionNamed(String name) {
        for (FpmRoute r : subscriptions.values()) {
            if (SubscriptionId.ofQueueName(r.queue()).name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    private static List<FpmRoute> allRoutes(Map<String, FpmRoute> routes, Map<String, FpmRoute> subscriptions,
                                            FpmRoute defaultRoute) {
        List<FpmRoute> all = new ArrayList<>(routes.values());
        all.addAll(subscriptions.values());
        if (defaultRoute != null) {
            all.add(defaultRoute);
        }
        return all;
    }

    private static boolean usesEmbedded(FpmRoute route) {
        return route.endpoints().contains(FpmRoute.EMBEDDED);
    }

    /** The route serving {@code queue}: its own, else the default route, else empty. */
    public Optional<FpmRoute> routeFor(String queue) {
        FpmRoute r = routes.get(queue);
        return Optional.ofNullable(r != null ? r : defaultRoute);
    }

    /** Whether a queue of this name exists: routed, local, the DLQ, or served by the default route. */
    public boolean knowsQueue(String queue) {
        return routes.containsKey(queue) || localQueues.contains(queue)
                || deadLetterQueue.equals(queue) || defaultRoute != null;
    }

    /** Names of the queues that exist by configuration, for error messages. */
    public List<String> queueNames() {
        List<String> names = new ArrayList<>(routes.keySet());
        names.addAll(localQueues);
        names.add(deadLetterQueue);
        return names;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.routes = new LinkedHashMap<>(routes);
        b.subscriptions = new LinkedHashMap<>(subscriptions);
        b.defaultRoute = defaultRoute;
        b.localQueues = new LinkedHashSet<>(localQueues);
        b.embeddedFpm = embeddedFpm;
        b.deadLetterQueue = deadLetterQueue;
        b.maxQueueMessages = maxQueueMessages;
        b.maxQueueBytes = maxQueueBytes;
        b.fullQueuePolicy = fullQueuePolicy;
        b.sendTimeout = sendTimeout;
        b.objectMessageAllowList = objectMessageAllowList;
        b.objectMessageLimits = objectMessageLimits;
        b.dataDirectory = dataDirectory;
        b.fsyncPolicy = fsyncPolicy;
        b.listenerBatchWindow = listenerBatchWindow;
        if (broker != null) {
            b.brokerUrls = new ArrayList<>(broker.urls());
            b.brokerOptions = new LinkedHashMap<>(broker.options());
            b.brokerDispatch = broker.dispatch();
        }
        b.maxMessageBytes = maxMessageBytes;
        b.drainTimeout = drainTimeout;
        b.tracing = tracing;
        return b;
    }

    /** Mutable builder; not thread-safe. Defaults are listed in {@code docs/configuration.md}. */
    public static final class Builder {
        private String name = "fpm-jms";
        private Map<String, FpmRoute> routes = new LinkedHashMap<>();
        private Map<String, FpmRoute> subscriptions = new LinkedHashMap<>();
        private FpmRoute defaultRoute;
        private Set<String> localQueues = new LinkedHashSet<>();
        private EmbeddedFpmSettings embeddedFpm;
        private String deadLetterQueue = "DLQ";
        private long maxQueueMessages = 100_000;
        private long maxQueueBytes = 256L * 1024 * 1024;
        private FullQueuePolicy fullQueuePolicy = FullQueuePolicy.BLOCK;
        private Duration sendTimeout = Duration.ofSeconds(30);
        private List<String> objectMessageAllowList = DEFAULT_OBJECT_ALLOW_LIST;
        private ObjectMessageLimits objectMessageLimits = ObjectMessageLimits.DEFAULT;
        private Path dataDirectory;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.ALWAYS;
        private Duration listenerBatchWindow = DEFAULT_LISTENER_BATCH_WINDOW;
        private List<String> brokerUrls = new ArrayList<>();
        private Map<String, String> brokerOptions = new LinkedHashMap<>();
        private boolean brokerDispatch = true;
        private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private boolean tracing = true;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }

        /** Adds a route; the route for {@code *} becomes the default route. */
        public Builder route(FpmRoute r) {
            if (r.isDefault()) {
                defaultRoute = r;
            } else {
                routes.put(r.queue(), r);
            }
            return this;
        }

        /**
         * Adds a topic subscription served by a route; the route's queue is the subscription's
         * {@link SubscriptionId#queueName()}, e.g. {@code FpmRoute.builder(new SubscriptionId("order.created", "mail").queueName())}.
         */
        public Builder subscription(FpmRoute r) {
            subscriptions.put(r.queue(), r);
            return this;
        }

        public Builder localQueue(String v) { localQueues.add(v); return this; }

        /** Replaces the set of local queues. */
        public Builder localQueues(java.util.Collection<String> v) { localQueues = new LinkedHashSet<>(v); return this; }
        public Builder embeddedFpm(EmbeddedFpmSettings v) { embeddedFpm = v; return this; }
        public Builder deadLetterQueue(String v) { deadLetterQueue = v; return this; }
        public Builder maxQueueMessages(long v) { maxQueueMessages = v; return this; }
        public Builder maxQueueBytes(long v) { maxQueueBytes = v; return this; }
        public Builder fullQueuePolicy(FullQueuePolicy v) { fullQueuePolicy = v; return this; }
        public Builder sendTimeout(Duration v) { sendTimeout = v; return this; }
        public Builder objectMessageAllowList(List<String> v) { objectMessageAllowList = v; return this; }
        public Builder objectMessageLimits(ObjectMessageLimits v) { objectMessageLimits = v; return this; }
        public Builder dataDirectory(Path v) { dataDirectory = v; return this; }
        public Builder fsyncPolicy(FsyncPolicy v) { fsyncPolicy = v; return this; }
        public Builder listenerBatchWindow(Duration v) { listenerBatchWindow = v; return this; }
        public Builder maxMessageBytes(long v) { maxMessageBytes = v; return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        /** Whether to open OpenTelemetry spans when its API is present (key {@code tracing}). */
        public Builder tracing(boolean v) { tracing = v; return this; }

        /** Switches the broker mode on with these settings, or off with {@code null}. */
        public Builder broker(BrokerSettings v) {
            brokerUrls = v == null ? new ArrayList<>() : new ArrayList<>(v.urls());
            brokerOptions = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v.options());
            brokerDispatch = v == null || v.dispatch();
            return this;
        }

        /** The broker URLs (key {@code broker}); empty switches the broker mode off. */
        public Builder brokerUrls(List<String> v) { brokerUrls = new ArrayList<>(v); return this; }
        /** One pass-through broker client option (key {@code broker.<name>}). */
        public Builder brokerOption(String name, String value) { brokerOptions.put(name, value); return this; }
        /** Whether this process dispatches its routes in the broker mode (key {@code brokerDispatch}). */
        public Builder brokerDispatch(boolean v) { brokerDispatch = v; return this; }

        /** The route set so far for {@code queue} ({@code *}: the default route), or null; for FpmConfigParser. */
        FpmRoute configuredRoute(String queue, boolean subscription) {
            return subscription ? subscriptions.get(queue) : FpmRoute.ANY_QUEUE.equals(queue) ? defaultRoute : routes.get(queue);
        }

        /** Whether any route set so far uses the embedded php-fpm; for FpmConfigParser. */
        boolean usesEmbeddedFpm() {
            return allRoutes(routes, subscriptions, defaultRoute).stream().anyMatch(FpmConfig::usesEmbedded);
        }

        /** The ObjectMessage limits set so far (never null); for GlobalSetting's per-limit keys. */
        ObjectMessageLimits configuredObjectMessageLimits() {
            return objectMessageLimits == null ? ObjectMessageLimits.DEFAULT : objectMessageLimits;
        }

        /** The embedded php-fpm settings set so far, or null; for FpmConfigParser. */
        EmbeddedFpmSettings configuredEmbeddedFpm() {
            return embeddedFpm;
        }

        public FpmConfig build() {
            ConfigChecks.require(!brokerUrls.isEmpty() || (brokerOptions.isEmpty() && brokerDispatch), "broker",
                    "set (the broker URLs) when broker.<option> or brokerDispatch is given",
                    brokerOptions.isEmpty() ? "brokerDispatch=false" : "broker." + brokerOptions.keySet().iterator().next());
            BrokerSettings broker = brokerUrls.isEmpty() ? null
                    : new BrokerSettings(brokerUrls, brokerOptions, brokerDispatch);
            return new FpmConfig(name, routes, subscriptions, defaultRoute, localQueues, embeddedFpm, deadLetterQueue,
                    maxQueueMessages, maxQueueBytes, fullQueuePolicy, sendTimeout,
                    objectMessageAllowList, objectMessageLimits, dataDirectory, fsyncPolicy, listenerBatchWindow,
                    broker, maxMessageBytes, drainTimeout, tracing);
        }
    }
}
