package dev.fpmjms.jndi;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jms.FpmQueue;
import dev.fpmjms.jms.FpmTopic;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NamingException;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Builds connection factories, queues and topics from JNDI {@link Reference}s: those of
 * {@link FpmReferences} and those a container makes from its configuration, e.g. Tomcat's
 *
 * <pre>
 * &lt;Resource name="jms/cf" type="dev.fpmjms.jms.FpmConnectionFactory"
 *           factory="dev.fpmjms.jndi.FpmObjectFactory"
 *           uri="fpm://?route.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php" maxQueueMessages="50000"/&gt;
 * &lt;Resource name="jms/mail" type="dev.fpmjms.jms.FpmQueue" factory="dev.fpmjms.jndi.FpmObjectFactory" queueName="mail"/&gt;
 * &lt;Resource name="jms/orders" type="dev.fpmjms.jms.FpmTopic" factory="dev.fpmjms.jndi.FpmObjectFactory" topicName="order.created"/&gt;
 * </pre>
 *
 * <p>A factory reference's addresses are settings: {@code uri} first, then every other key
 * (bare or under {@code fpmjms.}) on top; the container's own addresses ({@code auth},
 * {@code scope}, {@code factory}, ...) are skipped. A queue reference names its queue in
 * {@code name} or in {@code queueName} (Tomcat's {@code <Resource>} uses {@code name} for the JNDI name), a topic reference in
 * {@code name} or {@code topicName}. The reference's class may be the fpm-jms
 * class or the JMS interface it implements ({@code jakarta.jms.ConnectionFactory},
 * {@code jakarta.jms.Queue}). A reference to another class yields null, as the SPI asks, unless
 * it names this factory, which is then a {@link ConfigurationException}. Thread-safe.
 */
public final class FpmObjectFactory implements ObjectFactory {
    /** Addresses that containers add to every resource reference; they are not fpm-jms settings. */
    private static final Set<String> CONTAINER_ADDRESSES =
            Set.of("description", "scope", "auth", "singleton", "factory", "type", "closeMethod");
    private static final List<Class<?>> FACTORY_TYPES = List.of(FpmConnectionFactory.class,
            jakarta.jms.ConnectionFactory.class, jakarta.jms.QueueConnectionFactory.class,
            jakarta.jms.TopicConnectionFactory.class);
    private static final List<Class<?>> QUEUE_TYPES = List.of(FpmQueue.class, jakarta.jms.Queue.class,
            jakarta.jms.Destination.class);
    private static final List<Class<?>> TOPIC_TYPES = List.of(FpmTopic.class, jakarta.jms.Topic.class);

    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment)
            throws NamingException {
        if (!(obj instanceof Reference ref)) {
            return null;
        }
        String type = ref.getClassName();
        Class<?> factoryType = find(FACTORY_TYPES, type);
        Class<?> queueType = find(QUEUE_TYPES, type);
        Class<?> topicType = find(TOPIC_TYPES, type);
        Object made;
        if (factoryType != null) {
            made = new FpmConnectionFactory(config(ref));
        } else if (queueType != null) {
            made = new FpmQueue(destinationName(ref, "queue", FpmReferences.QUEUE_NAME_ATTRIBUTE));
        } else if (topicType != null) {
            made = new FpmTopic(destinationName(ref, "topic", FpmReferences.TOPIC_NAME_ATTRIBUTE));
        } else if (FpmObjectFactory.class.getName().equals(ref.getFactoryClassName())) {
            throw new ConfigurationException("fpm-jms FpmObjectFactory makes " + FpmConnectionFactory.class.getName()
                    + ", " + FpmQueue.class.getName() + " or " + FpmTopic.class.getName()
                    + " (or the jakarta.jms interfaces they implement), not: " + type);
        } else {
            return null;
        }
        Class<?> wanted = factoryType != null ? factoryType : queueType != null ? queueType : topicType;
        if (!wanted.isInstance(made)) {
            throw new ConfigurationException("fpm-jms " + made.getClass().getName() + " is not a " + type);
        }
        return made;
    }

    /** The configuration a factory reference describes. */
    static FpmConfig config(Reference ref) throws ConfigurationException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> a : addresses(ref).entrySet()) {
            if (!CONTAINER_ADDRESSES.contains(a.getKey())) {
                settings.put(a.getKey(), a.getValue());
            }
        }
        try {
            return FpmConfigParser.fromMap(settings);
        } catch (IllegalArgumentException e) {
            ConfigurationException ce = new ConfigurationException("fpm-jms reference to " + ref.getClassName() + ": " + e.getMessage());
            ce.setRootCause(e);
            throw ce;
        }
    }

    /**
     * The name a destination reference holds in {@code name} or in {@code attribute}.
     *
     * @param kind {@code queue} or {@code topic}, for messages
     */
    private static String destinationName(Reference ref, String kind, String attribute) throws ConfigurationException {
        String value = null;
        String from = null;
        for (Map.Entry<String, String> a : addresses(ref).entrySet()) {
            if (a.getKey().equals(FpmReferences.QUEUE_NAME) || a.getKey().equals(attribute)) {
                if (from != null) {
                    throw new ConfigurationException("fpm-jms " + kind + " reference names its " + kind + " twice: '" + from
                            + "' and '" + a.getKey() + "'; give one");
                }
                from = a.getKey();
                value = a.getValue();
            } else if (!CONTAINER_ADDRESSES.contains(a.getKey())) {
                throw new ConfigurationException("fpm-jms " + kind + " reference has an unknown address '" + a.getKey()
                        + "'; it takes only '" + FpmReferences.QUEUE_NAME + "' or '" + attribute
                        + "' (the " + kind + " name)");
            }
        }
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("fpm-jms " + kind + " reference needs the address '" + FpmReferences.QUEUE_NAME
                    + "' (or '" + attribute + "') holding the " + kind + " name, was: " + value);
        }
        return value;
    }

    private static Map<String, String> addresses(Reference ref) throws ConfigurationException {
        Map<String, String> out = new LinkedHashMap<>();
        Enumeration<RefAddr> all = ref.getAll();
        while (all.hasMoreElements()) {
            RefAddr a = all.nextElement();
            if (!(a.getContent() instanceof String value)) {
                throw new ConfigurationException("fpm-jms reference address '" + a.getType() + "' must hold a String, was: "
                        + (a.getContent() == null ? "null" : a.getContent().getClass().getName()));
            }
            if (out.putIfAbsent(a.getType(), value) != null) {
                throw new ConfigurationException("fpm-jms reference has the address '" + a.getType() + "' twice");
            }
        }
        return out;
    }

    private static Class<?> find(List<Class<?>> types, String name) {
        for (Class<?> t : types) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
