package dev.fpmjms.admin;

import dev.fpmjms.health.HealthJmx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JMX form of an engine's dead letters: the name {@code dev.fpmjms:type=DeadLetters,engine=<name>}
 * (values quoted as {@link HealthJmx} does), the registration in the platform MBean server, and a
 * {@link DeadLetter} as {@link CompositeData} and back (for clients such as the command-line tool).
 * Stateless and thread-safe.
 */
public final class DeadLetterJmx {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterJmx.class);

    /** The composite type's name. */
    public static final String TYPE_NAME = "dev.fpmjms.DeadLetter";
    /** The items of a dead letter's composite data, in order. */
    public static final List<String> ITEMS = List.of("messageId", "originalDestination", "workerQueue", "failure",
            "status", "attempts", "stderr", "timestamp", "persistent", "priority", "correlationId", "type",
            "bodyType", "body", "properties");
    private static final CompositeType TYPE = compositeType();

    private DeadLetterJmx() {
    }

    private static CompositeType compositeType() {
        try {
            ArrayType<String[]> strings = ArrayType.getArrayType(SimpleType.STRING);
            OpenType<?>[] types = {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.STRING, SimpleType.LONG, SimpleType.BOOLEAN,
                SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, strings};
            String[] descriptions = {"JMSMessageID", "JMS_FPM_ORIGINAL_DESTINATION",
                "the worker queue a replay sends it to (none: it cannot be replayed)", "JMS_FPM_FAILURE",
                "JMS_FPM_STATUS, -1 when none", "JMS_FPM_ATTEMPTS, -1 when absent", "JMS_FPM_STDERR",
                "JMSTimestamp (epoch ms)", "JMSDeliveryMode is PERSISTENT", "JMSPriority", "JMSCorrelationID",
                "JMSType", "body type", "body (texts cut, binary bodies as their size)",
                "the message's own properties, name=value"};
            String[] names = ITEMS.toArray(String[]::new);
            return new CompositeType(TYPE_NAME, "a message on the dead-letter queue", names, descriptions, types);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ObjectName of an engine's dead letters. */
    public static ObjectName objectName(String engine) {
        try {
            return new ObjectName("dev.fpmjms:type=DeadLetters,engine=" + HealthJmx.value(engine));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no JMX name for engine '" + engine + "'", e);
        }
    }

    /** The pattern that matches every engine's dead letters. */
    public static ObjectName pattern() {
        try {
            return new ObjectName("dev.fpmjms:type=DeadLetters,*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Registers an engine's dead letters in the platform MBean server; another engine of the same
     * name in this JVM keeps its own registration (this one is skipped with a WARN).
     *
     * @return what to run to unregister; for a skipped registration it does nothing
     */
    public static Runnable register(String engine, DeadLetterAdmin admin) {
        ObjectName name = objectName(engine);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(new DeadLettersBean(admin), name);
        } catch (InstanceAlreadyExistsException e) {
            LOG.warn("fpm-jms '{}': {} is registered already (another engine of the same name in this JVM); not registered again",
                    engine, name);
            return () -> { };
        } catch (JMException e) {
            LOG.warn("fpm-jms '{}': cannot register {} in JMX: {}", engine, name, e.toString());
            return () -> { };
        }
        return () -> {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("{} was unregistered already", name);
            }
        };
    }

    /** A dead letter as composite data of type {@value #TYPE_NAME}. */
    public static CompositeData toComposite(DeadLetter d) {
        String[] properties = d.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        Object[] values = {d.messageId(), d.originalDestination(), d.workerQueue(), d.failure(), d.status(),
            d.attempts(), d.stderr(), d.timestamp(), d.persistent(), d.priority(), d.correlationId(), d.type(),
            d.bodyType(), d.body(), properties};
        try {
            return new CompositeDataSupport(TYPE, ITEMS.toArray(String[]::new), values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("dead letter " + d.messageId() + " does not fit " + TYPE_NAME, e);
        }
    }

    /**
     * A dead letter read back from composite data of type {@value #TYPE_NAME}; its properties' values
     * are the texts JMX carried.
     *
     * @throws IllegalArgumentException the data is not of that type
     */
    public static DeadLetter fromComposite(CompositeData c) {
        if (!TYPE_NAME.equals(c.getCompositeType().getTypeName())) {
            throw new IllegalArgumentException("not a " + TYPE_NAME + ": " + c.getCompositeType().getTypeName());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String line : (String[]) c.get("properties")) {
            int eq = line.indexOf('=');
            properties.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
        }
        return new DeadLetter((String) c.get("messageId"), (String) c.get("originalDestination"),
                (String) c.get("workerQueue"), (String) c.get("failure"), (Integer) c.get("status"),
                (Integer) c.get("attempts"), (String) c.get("stderr"), (Long) c.get("timestamp"),
                (Boolean) c.get("persistent"), (Integer) c.get("priority"), (String) c.get("correlationId"),
                (String) c.get("type"), (String) c.get("bodyType"), (String) c.get("body"), properties);
    }
}
