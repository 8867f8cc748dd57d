package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The topics of a local engine: which subscriptions each topic has, the named (shared and durable)
 * subscriptions, and the temporary topics. A topic needs no declaration: publishing to a topic
 * without subscriptions drops the message, as with any JMS broker.
 *
 * <p>Thread-safe: one lock guards subscribing, unsubscribing and the consumer counts; publishing
 * reads copy-on-write lists and takes no lock. Never blocks under the lock.
 */
final class LocalTopics {
    /** Makes the queue of a subscription: (topic, store key or {@code null} for memory only). */
    private final BiFunction<DestinationRef, String, LocalQueue> queues;
    private final Object lock = new Object();
    private final Map<DestinationRef, CopyOnWriteArrayList<TopicSubscription>> byTopic = new HashMap<>();
    /** Named subscriptions by {@link #key}. */
    private final Map<String, TopicSubscription> named = new HashMap<>();
    /** Temporary topics: name to the owning connection's id. */
    private final Map<String, String> temporaryTopics = new HashMap<>();

    LocalTopics(BiFunction<DestinationRef, String, LocalQueue> queues) {
        this.queues = Objects.requireNonNull(queues, "queues");
    }

    private static final String DURABLE_KEY = "durable:";
    private static final String SEP = "\u0000";

    /**
     * The store key of a durable subscription's queue: {@code durable:} then kind, client ID,
     * name, noLocal and selector separated by NUL, so that a restart rebuilds the subscription
     * (its topic is every stored message's destination).
     */
    static String storeKey(SubscriptionSpec spec) {
        return DURABLE_KEY + spec.kind().name() + SEP + (spec.clientId() == null ? "" : spec.clientId()) + SEP
                + spec.name() + SEP + (spec.noLocal() ? "1" : "0") + SEP
                + (spec.selectorText() == null ? "" : spec.selectorText());
    }

    private static String key(String clientId, String name) {
        return (clientId == null ? "" : clientId) + "\u0000" + name;
    }

    /** The subscription queues a message published to its topic goes to, selectors applied. */
    List<LocalQueue> targets(FpmEnvelope envelope) throws UnknownDestinationException {
        DestinationRef topic = envelope.destination();
        List<TopicSubscription> subs;
        synchronized (lock) {
            if (topic.kind() == DestinationRef.Kind.TEMPORARY_TOPIC && !temporaryTopics.containsKey(topic.name())) {
                throw new UnknownDestinationException("temporary topic '" + topic.name() + "' has been deleted");
            }
            subs = byTopic.get(topic);
        }
        if (subs == null) {
            return List.of();
        }
        List<LocalQueue> out = new ArrayList<>(subs.size());
        for (TopicSubscription s : subs) {
            if (s.accepts(envelope)) {
                out.add(s.queue());
            }
        }
        return out;
    }

    /** Checks that a topic can be used: a temporary topic must still exist. */
    void check(DestinationRef topic) throws UnknownDestinationException {
        if (topic.kind() == DestinationRef.Kind.TEMPORARY_TOPIC) {
            synchronized (lock) {
                if (!temporaryTopics.containsKey(topic.name())) {
                    throw new UnknownDestinationException("temporary topic '" + topic.name() + "' has been deleted");
                }
            }
        }
    }

    /**
     * Opens a subscription for one new consumer: a new one, or the existing named one (created
     * anew when an unused durable subscription is asked for with another topic, selector or
     * noLocal: JMS says that replaces it).
     *
     * @throws IllegalStateException         a durable unshared subscription without a client ID, or
     *                                       with an active consumer already
     * @throws SubscriptionConflictException the name is in use with another topic, selector or kind
     */
    TopicSubscription subscribe(SubscriptionSpec spec) throws UnknownDestinationException, SubscriptionConflictException {
        check(spec.topic());
        if (spec.kind() == SubscriptionKind.DURABLE && spec.clientId() == null) {
            throw new IllegalStateException("an unshared durable subscription needs a client ID; set one on the connection"
                    + " (or use createSharedDurableConsumer, which does not)");
        }
        synchronized (lock) {
            if (spec.kind() == SubscriptionKind.NON_DURABLE) {
                return attach(add(spec));
            }
            String k = key(spec.clientId(), spec.name());
            TopicSubscription existing = named.get(k);
            if (existing != null && existing.servedByRoute()) {
                throw new SubscriptionConflictException("subscription '" + spec.name() + "' of topic '"
                        + existing.topic().name() + "' is served by PHP (subscription." + existing.topic().name() + "."
                        + spec.name() + " in the configuration); a Java consumer of the topic uses a subscription name"
                        + " of its own");
            }
            if (existing != null) {
                boolean same = existing.kind() == spec.kind() && existing.topic().equals(spec.topic())
                        && Objects.equals(existing.selectorText(), spec.selectorText())
                        && existing.noLocal() == spec.noLocal();
                if (existing.consumers > 0) {
                    if (existing.kind() == SubscriptionKind.DURABLE && spec.kind() == SubscriptionKind.DURABLE) {
                        throw new IllegalStateException("durable subscription '" + spec.name() + "' of client ID '"
                                + spec.clientId() + "' has an active consumer already");
                    }
                    if (!same || !spec.kind().isShared()) {
                        throw new SubscriptionConflictException("subscription '" + spec.name() + "' is in use as "
                                + describe(existing) + "; asked for " + describe(spec));
                    }
                    return attach(existing);
                }
                if (same) {
                    return attach(existing);
                }
                if (existing.kind().isDurable() != spec.kind().isDurable()) {
                    throw new SubscriptionConflictException("subscription '" + spec.name() + "' exists as "
                            + describe(existing) + "; asked for " + describe(spec)
                            + " (unsubscribe it first)");
                }
                remove(existing, true);
            }
            TopicSubscription created = add(spec);
            named.put(k, created);
            return attach(created);
        }
    }

    private static String describe(TopicSubscription s) {
        return s.kind() + " on " + s.topic() + (s.selectorText() == null ? "" : " with selector '" + s.selectorText() + "'");
    }

    private static String describe(SubscriptionSpec s) {
        return s.kind() + " on " + s.topic() + (s.selectorText() == null ? "" : " with selector '" + s.selectorText() + "'");
    }

    /**
     * Makes the subscription a route serves (fan-out to PHP, {@code subscription.<topic>.<name>}):
     * a shared durable subscription without client ID and selector, which exists from now on, so
     * every later publish reaches it, and keeps its PERSISTENT messages in the store as any durable
     * subscription does. Its queue is read by the route's worker queue only. Called when the
     * engine starts, before the store is recovered, so that stored messages of the subscription
     * come back to it.
     *
     * @throws IllegalStateException the name is taken already (the configuration makes names unique)
     */
    TopicSubscription serve(DestinationRef topic, String name) {
        SubscriptionSpec spec = new SubscriptionSpec(SubscriptionKind.SHARED_DURABLE, null, name, topic, null, null,
                false, "route");
        synchronized (lock) {
            String k = key(null, name);
            if (named.containsKey(k)) {
                throw new IllegalStateException("subscription '" + name + "' exists already");
            }
            TopicSubscription s = add(spec, true);
            named.put(k, s);
            return s;
        }
    }

    /** A new subscription on its topic; lock held. */
    private TopicSubscription add(SubscriptionSpec spec) {
        return add(spec, false);
    }

    private TopicSubscription add(SubscriptionSpec spec, boolean servedByRoute) {
        String storeKey = spec.kind().isDurable() && spec.topic().kind() == DestinationRef.Kind.TOPIC
                ? storeKey(spec) : null;
        TopicSubscription s = new TopicSubscription(spec, queues.apply(spec.topic(), storeKey), servedByRoute);
        byTopic.computeIfAbsent(spec.topic(), t -> new CopyOnWriteArrayList<>()).add(s);
        return s;
    }

    private static TopicSubscription attach(TopicSubscription s) {
        s.consumers++;
        return s;
    }

    /**
     * A consumer of the subscription closed: a non-durable subscription without consumers ends,
     * and what it holds is dropped. Idempotent per consumer is the caller's duty.
     */
    void detach(TopicSubscription s) {
        synchronized (lock) {
            s.consumers--;
            if (s.consumers <= 0 && !s.kind().isDurable()) {
                if (s.name() != null) {
                    named.remove(key(s.clientId(), s.name()), s);
                }
                remove(s, false);
            }
        }
    }

    /** Takes a subscription off its topic and deletes its queue (stored messages too); lock held. */
    private void remove(TopicSubscription s, boolean deleteStored) {
        List<TopicSubscription> subs = byTopic.get(s.topic());
        if (subs != null) {
            subs.remove(s);
            if (subs.isEmpty()) {
                byTopic.remove(s.topic());
            }
        }
        if (deleteStored) {
            s.queue().delete();
        } else {
            s.queue().close();
        }
    }

    /**
     * Deletes a durable subscription and the messages it holds.
     *
     * @throws UnknownDestinationException no durable subscription of that name and client ID
     * @throws IllegalStateException       it has an active consumer
     */
    void unsubscribe(String clientId, String name) throws UnknownDestinationException {
        synchronized (lock) {
            String k = key(clientId, name);
            TopicSubscription s = named.get(k);
            if (s == null || !s.kind().isDurable()) {
                throw new UnknownDestinationException("no durable subscription named '" + name + "'"
                        + (clientId == null ? " without a client ID" : " for client ID '" + clientId + "'"));
            }
            if (s.servedByRoute()) {
                throw new IllegalStateException("durable subscription '" + name + "' of topic '" + s.topic().name()
                        + "' is served by PHP (subscription." + s.topic().name() + "." + name
                        + " in the configuration); remove it from the configuration instead");
            }
            if (s.consumers > 0) {
                throw new IllegalStateException("durable subscription '" + name + "' has an active consumer;"
                        + " close it before unsubscribing");
            }
            named.remove(k);
            remove(s, true);
        }
    }

    /**
     * Puts a durable subscription found in the store back, for a stored message of it; {@code null}
     * when the key is not a durable subscription's.
     *
     * @param selectors compiles the stored selector text
     */
    LocalQueue recovered(String storeKey, DestinationRef topic,
                         java.util.function.Function<String, java.util.function.Predicate<FpmEnvelope>> selectors) {
        if (!storeKey.startsWith(DURABLE_KEY) || topic == null || topic.kind() != DestinationRef.Kind.TOPIC) {
            return null;
        }
        String[] parts = storeKey.substring(DURABLE_KEY.length()).split(SEP, 5);
        if (parts.length != 5) {
            return null;
        }
        SubscriptionKind kind;
        try {
            kind = SubscriptionKind.valueOf(parts[0]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String clientId = parts[1].isEmpty() ? null : parts[1];
        String selectorText = parts[4].isEmpty() ? null : parts[4];
        synchronized (lock) {
            TopicSubscription s = named.get(key(clientId, parts[2]));
            if (s == null) {
                s = add(new SubscriptionSpec(kind, clientId, parts[2], topic, selectorText,
                        selectorText == null ? null : selectors.apply(selectorText), "1".equals(parts[3]), "recovered"));
                named.put(key(clientId, parts[2]), s);
            }
            return s.queue();
        }
    }

    /** Creates a temporary topic owned by a connection. */
    DestinationRef createTemporaryTopic(String ownerConnectionId) {
        DestinationRef ref = DestinationRef.temporaryTopic("TMPTOPIC." + UUID.randomUUID());
        synchronized (lock) {
            temporaryTopics.put(ref.name(), ownerConnectionId);
        }
        return ref;
    }

    /** The connection that owns a temporary topic, or {@code null} when it does not exist. */
    String temporaryTopicOwner(DestinationRef ref) {
        synchronized (lock) {
            return temporaryTopics.get(ref.name());
        }
    }

    /** Whether a temporary topic has subscriptions (it cannot be deleted then). */
    boolean hasSubscriptions(DestinationRef topic) {
        synchronized (lock) {
            List<TopicSubscription> subs = byTopic.get(topic);
            return subs != null && !subs.isEmpty();
        }
    }

    /** Deletes a temporary topic and its subscriptions. Unknown names are ignored. */
    void deleteTemporaryTopic(DestinationRef ref) {
        synchronized (lock) {
            temporaryTopics.remove(ref.name());
            List<TopicSubscription> subs = byTopic.remove(ref);
            if (subs != null) {
                subs.forEach(s -> s.queue().close());
            }
        }
    }

    /** Calls {@code action} with each subscription's queue and a label naming topic and subscription. */
    void forEachQueue(java.util.function.BiConsumer<String, LocalQueue> action) {
        synchronized (lock) {
            // a subscription a route serves is reported with the worker queues
            byTopic.values().forEach(list -> list.stream().filter(s -> !s.servedByRoute()).forEach(
                    s -> action.accept("topic " + s.topic().name() + " subscription " + s.name(), s.queue())));
        }
    }

    /** Closes every subscription queue (engine shutdown; stored messages stay). */
    void close() {
        synchronized (lock) {
            byTopic.values().forEach(list -> list.forEach(s -> s.queue().close()));
        }
    }
}
