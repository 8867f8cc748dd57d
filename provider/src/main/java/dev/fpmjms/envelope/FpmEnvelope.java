package dev.fpmjms.envelope;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One message as the engine, the store and the dispatcher see it: JMS headers, typed properties
 * and a body, with no {@code jakarta.jms} type. The facade converts its message objects to and
 * from envelopes; the wire codec turns envelopes into FastCGI params and body.
 *
 * <p>Immutable and safe to share between threads. The property map is unmodifiable. Byte arrays
 * inside the body are <em>owned by the envelope</em>: whoever builds an envelope hands its arrays
 * over and must not change them afterwards; readers must not change them either. This avoids a
 * copy per hop on the hot path.
 *
 * @param messageId     JMSMessageID including the {@code ID:} prefix, or {@code null} when the
 *                      producer disabled message ids
 * @param timestamp     JMSTimestamp in epoch milliseconds, 0 when disabled
 * @param correlationId JMSCorrelationID or {@code null}; a byte[] correlation id is carried as a
 *                      string of ISO-8859-1 characters, one per byte, which is lossless
 * @param destination   JMSDestination, never {@code null}
 * @param replyTo       JMSReplyTo or {@code null}
 * @param type          JMSType or {@code null}
 * @param persistent    JMSDeliveryMode is PERSISTENT
 * @param priority      JMSPriority, 0 to 9
 * @param expiration    JMSExpiration in epoch milliseconds, 0 for never
 * @param deliveryTime  JMSDeliveryTime in epoch milliseconds (the earliest dispatch time); equals
 *                      the send time when there is no delivery delay
 * @param redelivered   JMSRedelivered
 * @param deliveryCount JMSXDeliveryCount: 0 before the first delivery, then 1, 2, ...
 * @param properties    the message's properties in insertion order (names to Boolean, Byte, Short,
 *                      Integer, Long, Float, Double or String); never {@code null}; does not hold
 *                      JMSXDeliveryCount, which is the field above
 * @param bodyType      the JMS message type
 * @param body          the body, of the Java type {@link BodyType} names for {@code bodyType}
 * @param origin        the id of the connection that sent the message, for the {@code noLocal}
 *                      option of topic subscribers, or {@code null}; in-process only: neither the
 *                      wire nor the store carries it
 * @param senderSession the sending session's number in this JVM, for the send-order guarantee of
 *                      worker queues (a worker queue hands one session's replies to its consumers
 *                      in the order that session sent the requests); 0 when unknown (a message
 *                      recovered from the journal, or not sent by a session). Neither sent to PHP
 *                      nor stored.
 */
public record FpmEnvelope(
        String messageId,
        long timestamp,
        String correlationId,
        DestinationRef destination,
        DestinationRef replyTo,
        String type,
        boolean persistent,
        int priority,
        long expiration,
        long deliveryTime,
        boolean redelivered,
        int deliveryCount,
        Map<String, Object> properties,
        BodyType bodyType,
        Object body,
        String origin,
        long senderSession) {

    public FpmEnvelope {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(bodyType, "bodyType");
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("priority must be 0..9, was " + priority);
        }
        if (deliveryCount < 0) {
            throw new IllegalArgumentException("deliveryCount must be >= 0, was " + deliveryCount);
        }
        properties = properties == null || properties.isEmpty()
                ? Map.of()
                : properties instanceof FrozenProperties ? properties : new FrozenProperties(properties);
    }

    /**
     * The unmodifiable copy of the properties an envelope holds. Only this record makes them, from
     * a fresh copy, so an envelope built from another one's properties (toBuilder, nextDelivery)
     * shares them instead of copying them again.
     */
    private static final class FrozenProperties extends AbstractMap<String, Object> {
        private final Map<String, Object> map;
        /**
         * The properties' part of {@link #sizeEstimate()}, worked out once: the queues ask for an
         * envelope's size several times, and envelopes made from one another share their properties.
         */
        private final long sizeEstimate;

        FrozenProperties(Map<String, Object> source) {
            this(new LinkedHashMap<>(source), true);
        }

        /** Takes {@code owned} without a copy: the caller hands it over and keeps no way to change it. */
        private FrozenProperties(LinkedHashMap<String, Object> owned, boolean handedOver) {
            this.map = Collections.unmodifiableMap(owned);
            long size = 0;
            for (Map.Entry<String, Object> e : owned.entrySet()) {
                size += 16 + e.getKey().length() * 2L + valueSize(e.getValue());
            }
            this.sizeEstimate = size;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return map.entrySet();
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public Set<String> keySet() {
            return map.keySet();
        }

        @Override
        public java.util.Collection<Object> values() {
            return map.values();
        }
    }

    /** A builder with JMS defaults: persistent, priority 4, no expiry, a plain message. */
    public static Builder builder(DestinationRef destination) {
        return new Builder(destination);
    }

    /** A builder that starts from this envelope's values. */
    public Builder toBuilder() {
        Builder b = new Builder(destination);
        b.messageId = messageId;
        b.timestamp = timestamp;
        b.correlationId = correlationId;
        b.replyTo = replyTo;
        b.type = type;
        b.persistent = persistent;
        b.priority = priority;
        b.expiration = expiration;
        b.deliveryTime = deliveryTime;
        b.redelivered = redelivered;
        b.deliveryCount = deliveryCount;
        b.properties = properties; // copied on the first change (see Builder.property)
        b.propertiesShared = true;
        b.bodyType = bodyType;
        b.body = body;
        b.origin = origin;
        b.senderSession = senderSession;
        return b;
    }

    /** The envelope as it is delivered once more: JMSRedelivered set, JMSXDeliveryCount + 1. */
    public FpmEnvelope nextDelivery() {
        return toBuilder().redelivered(deliveryCount > 0 || redelivered).deliveryCount(deliveryCount + 1).build();
    }

    /** Whether the message has expired at {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        return expiration != 0 && expiration <= nowMillis;
    }

    /**
     * A rough count of the bytes this envelope holds, for queue size limits. Cheap: it does not
     * walk deep structures beyond one level.
     */
    public long sizeEstimate() {
        long propertiesSize = properties instanceof FrozenProperties f ? f.sizeEstimate : 0; // else Map.of()
        return 128 + propertiesSize + bodySize();
    }

    private long bodySize() {
        if (body == null) {
            return 0;
        }
        switch (bodyType) {
            case TEXT:
                return ((String) body).length() * 2L;
            case BYTES:
            case OBJECT:
                return ((byte[]) body).length;
            case MAP: {
                long size = 0;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) body).entrySet()) {
                    size += 16 + ((String) e.getKey()).length() * 2L + valueSize(e.getValue());
                }
                return size;
            }
            case STREAM: {
                long size = 0;
                for (Object o : (List<?>) body) {
                    size += 8 + valueSize(o);
                }
                return size;
            }
            default:
                return 0;
        }
    }

    private static long valueSize(Object value) {
        if (value instanceof String) {
            return ((String) value).length() * 2L;
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).length;
        }
        return 8;
    }

    /** Mutable builder for {@link FpmEnvelope}; not thread-safe. */
    public static final class Builder {
        private String messageId;
        private long timestamp;
        private String correlationId;
        private DestinationRef destination;
        private DestinationRef replyTo;
        private String type;
        private boolean persistent = true;
        private int priority = 4;
        private long expiration;
        private long deliveryTime;
        private boolean redelivered;
        private int deliveryCount;
        // No map until a property is set: most builders come from toBuilder() (which shares the
        // envelope's map) or carry no properties.
        private Map<String, Object> properties = Map.of();
        /** Whether {@link #properties} is an envelope's (or the empty) unmodifiable map, to be copied before a change. */
        private boolean propertiesShared = true;
        private BodyType bodyType = BodyType.NONE;
        private Object body;
        private String origin;
        private long senderSession;

        private Builder(DestinationRef destination) {
            this.destination = destination;
        }

        public Builder messageId(String v) { messageId = v; return this; }
        public Builder timestamp(long v) { timestamp = v; return this; }
        public Builder correlationId(String v) { correlationId = v; return this; }
        public Builder destination(DestinationRef v) { destination = v; return this; }
        public Builder replyTo(DestinationRef v) { replyTo = v; return this; }
        public Builder type(String v) { type = v; return this; }
        public Builder persistent(boolean v) { persistent = v; return this; }
        public Builder priority(int v) { priority = v; return this; }
        public Builder expiration(long v) { expiration = v; return this; }
        public Builder deliveryTime(long v) { deliveryTime = v; return this; }
        public Builder redelivered(boolean v) { redelivered = v; return this; }
        public Builder deliveryCount(int v) { deliveryCount = v; return this; }
        /** The sending connection's id (see {@link FpmEnvelope#origin()}). */
        public Builder origin(String v) { origin = v; return this; }
        /** The sending session (see {@link FpmEnvelope#senderSession()}). */
        public Builder senderSession(long v) { senderSession = v; return this; }

        /** Replaces all properties (copied). */
        public Builder properties(Map<String, Object> v) {
            properties = new LinkedHashMap<>(v);
            propertiesShared = false;
            return this;
        }

        /** Sets one property; a {@code null} value removes it. */
        public Builder property(String name, Object value) {
            if (propertiesShared) {
                properties = new LinkedHashMap<>(properties);
                propertiesShared = false;
            }
            if (value == null) {
                properties.remove(name);
            } else {
                properties.put(name, value);
            }
            return this;
        }

        /** Sets the body type and body together; see {@link BodyType} for the Java types. */
        public Builder body(BodyType type, Object value) {
            bodyType = Objects.requireNonNull(type, "type");
            body = value;
            return this;
        }

        /**
         * The envelope. The builder's own property map is handed to the envelope without a copy;
         * a later change through this builder copies it first, so the envelope never changes.
         */
        public FpmEnvelope build() {
            if (!propertiesShared && !properties.isEmpty()) {
                properties = new FrozenProperties((LinkedHashMap<String, Object>) properties, true);
                propertiesShared = true;
            }
            return new FpmEnvelope(messageId, timestamp, correlationId, destination, replyTo, type,
                    persistent, priority, expiration, deliveryTime, redelivered, deliveryCount,
                    properties, bodyType, body, origin, senderSession);
        }
    }
}
