package dev.fpmjms.envelope;

/**
 * The JMS body type of a message, and the Java type that {@link FpmEnvelope#body()} holds for it.
 */
public enum BodyType {
    /** A plain {@code jakarta.jms.Message}: no body; {@code body()} is {@code null}. */
    NONE,
    /** {@code TextMessage}: body is a {@code String}, or {@code null}. */
    TEXT,
    /** {@code BytesMessage}: body is a {@code byte[]} (never {@code null}; empty when unset). */
    BYTES,
    /**
     * {@code MapMessage}: body is a {@code Map<String,Object>} in insertion order, values of the
     * JMS map types (Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[])
     * or {@code null} (JMS allows {@code setString(name, null)}: the item exists with a null value);
     * the map itself is never {@code null} (empty when unset).
     */
    MAP,
    /**
     * {@code StreamMessage}: body is a {@code List<Object>} of the JMS stream types (as for MAP,
     * plus {@code null} elements), never {@code null}.
     */
    STREAM,
    /** {@code ObjectMessage}: body is the Java-serialized object as {@code byte[]}, or {@code null}. */
    OBJECT
}
