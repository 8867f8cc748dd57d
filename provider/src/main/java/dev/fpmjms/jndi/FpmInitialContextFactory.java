package dev.fpmjms.jndi;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jms.FpmQueue;
import dev.fpmjms.jms.FpmTopic;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * JNDI for plain Java and tools, in the convention of Artemis and Qpid: the environment (or a
 * {@code jndi.properties} on the class path, which {@code InitialContext} merges in itself) says
 * what to bind.
 *
 * <pre>
 * java.naming.factory.initial = dev.fpmjms.jndi.FpmInitialContextFactory
 * # binds "ConnectionFactory"
 * java.naming.provider.url = fpm:embedded
 * connectionFactory.Orders = fpm://?route.orders=unix:/run/php/php8.2-fpm.sock|/srv/app/orders.php
 * # binds an FpmQueue named "orders" under "jms/orders"
 * queue.jms/orders = orders
 * topic.jms/events = order.created
 * # applied on top of every factory above
 * fpmjms.maxQueueMessages = 50000
 * </pre>
 *
 * <p>Each {@code connectionFactory.<name>} binds an {@link FpmConnectionFactory} built from its
 * URI with the {@code fpmjms.*} settings on top; {@code queue.<name>} binds an {@link FpmQueue}
 * (the broker's queue object when a factory is in broker mode: docs/artemis.md), {@code topic.<name>}
 * an {@link FpmTopic} (likewise the broker's topic object in broker mode).
 * A bad entry fails {@code new InitialContext(...)} with a {@link ConfigurationException} naming
 * the entry. The context is read-only. Thread-safe.
 */
public final class FpmInitialContextFactory implements InitialContextFactory {
    /** Prefix of entries that bind a connection factory; the value is an fpm URI. */
    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    /** Prefix of entries that bind a queue; the value is the queue name. */
    public static final String QUEUE_PREFIX = "queue.";
    /** The name bound from {@code java.naming.provider.url}. */
    public static final String DEFAULT_CONNECTION_FACTORY = "ConnectionFactory";

    /** Prefix of entries that bind a topic; the value is the topic name. */
    public static final String TOPIC_PREFIX = "topic.";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        return new FpmContext(brokerDestinations(bindings(environment, FpmConnectionFactory::new, FpmQueue::new)), environment);
    }

    /**
     * When a bound factory is in broker mode ({@code broker=...}), its connections are the broker
     * client's, which accepts only its own destinations: the queues and topics are bound as the
     * broker's objects (which an embedded-mode factory accepts too, as any foreign destination).
     *
     * @throws ConfigurationException when the broker engine is not on the class path
     */
    static Map<String, Object> brokerDestinations(Map<String, Object> bindings) throws NamingException {
        FpmConnectionFactory broker = null;
        for (Object o : bindings.values()) {
            if (o instanceof FpmConnectionFactory f && f.getConfig().broker() != null) {
                broker = f;
                break;
            }
        }
        if (broker == null) {
            return bindings;
        }
        Map<String, Object> out = new LinkedHashMap<>(bindings);
        for (Map.Entry<String, Object> e : out.entrySet()) {
            if (e.getValue() instanceof FpmQueue || e.getValue() instanceof FpmTopic) {
                try {
                    e.setValue(e.getValue() instanceof FpmQueue q ? broker.queue(q.getQueueName())
                            : broker.topic(((FpmTopic) e.getValue()).getTopicName()));
                } catch (jakarta.jms.JMSException ex) {
                    ConfigurationException ce = new ConfigurationException("fpm-jms JNDI name '" + e.getKey() + "': "
                            + ex.getMessage());
                    ce.setRootCause(ex);
                    throw ce;
                }
            }
        }
        return out;
    }

    /**
     * The bindings an environment asks for; the functions make the bound objects (a seam for tests).
     *
     * @throws ConfigurationException naming the entry whose value is bad
     */
    static Map<String, Object> bindings(Hashtable<?, ?> environment, Function<FpmConfig, ?> factories,
                                        Function<String, ?> queues) throws NamingException {
        Map<String, String> env = strings(environment);
        Map<String, String> settings = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(FpmConfigParser.PREFIX)) {
                settings.put(k, v);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        String providerUrl = env.get(Context.PROVIDER_URL);
        if (providerUrl != null) {
            out.put(DEFAULT_CONNECTION_FACTORY, factories.apply(config(Context.PROVIDER_URL, providerUrl, settings)));
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                String name = name(key, CONNECTION_FACTORY_PREFIX);
                put(out, name, key, factories.apply(config(key, e.getValue(), settings)));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                if (e.getValue().isBlank()) {
                    throw new ConfigurationException("fpm-jms JNDI entry '" + key + "' must name a queue, was empty");
                }
                put(out, name(key, QUEUE_PREFIX), key, queues.apply(e.getValue()));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                if (e.getValue().isBlank()) {
                    throw new ConfigurationException("fpm-jms JNDI entry '" + key + "' must name a topic, was empty");
                }
                put(out, name(key, TOPIC_PREFIX), key, new FpmTopic(e.getValue()));
            }
        }
        return out;
    }

    private static FpmConfig config(String entry, String uri, Map<String, String> settings) throws ConfigurationException {
        try {
            FpmConfig.Builder b = FpmConfig.builder();
            FpmConfigParser.applyUri(b, uri);
            FpmConfigParser.applyAll(b, settings);
            return b.build();
        } catch (IllegalArgumentException e) {
            ConfigurationException ce = new ConfigurationException("fpm-jms JNDI entry '" + entry + "': " + e.getMessage());
            ce.setRootCause(e);
            throw ce;
        }
    }

    private static String name(String key, String prefix) throws ConfigurationException {
        String name = key.substring(prefix.length());
        if (name.isBlank()) {
            throw new ConfigurationException("fpm-jms JNDI entry '" + key + "' has no name after '" + prefix + "'");
        }
        return name;
    }

    private static void put(Map<String, Object> out, String name, String key, Object value) throws ConfigurationException {
        if (out.putIfAbsent(name, value) != null) {
            throw new ConfigurationException("fpm-jms JNDI name '" + name + "' is bound twice (by '" + key
                    + "' and an earlier entry" + (name.equals(DEFAULT_CONNECTION_FACTORY)
                    ? " or java.naming.provider.url" : "") + ")");
        }
    }

    /** The String entries, sorted so that binding order and errors do not depend on hashing. */
    private static Map<String, String> strings(Hashtable<?, ?> environment) throws ConfigurationException {
        Map<String, String> out = new TreeMap<>();
        if (environment == null) {
            return out;
        }
        for (Map.Entry<?, ?> e : environment.entrySet()) {
            if (e.getKey() instanceof String k) {
                boolean ours = k.startsWith(CONNECTION_FACTORY_PREFIX) || k.startsWith(QUEUE_PREFIX) || k.startsWith(TOPIC_PREFIX)
                        || k.startsWith(FpmConfigParser.PREFIX) || k.equals(Context.PROVIDER_URL);
                if (ours && !(e.getValue() instanceof String)) {
                    throw new ConfigurationException("fpm-jms JNDI entry '" + k + "' must be a String, was: "
                            + e.getValue().getClass().getName());
                }
                if (e.getValue() instanceof String v) {
                    out.put(k, v);
                }
            }
        }
        return out;
    }
}
