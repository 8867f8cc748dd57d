package dev.fpmjms.selector;

import dev.fpmjms.envelope.FpmEnvelope;

/**
 * An identifier: one of the header fields a selector may name, or a message property. Values are
 * normalised to the evaluator's types: byte, short, int and long become {@code Long}, float and
 * double become {@code Double} (Java's widening, so {@code 1.1f} is not {@code 1.1}).
 */
record Identifier(String name) implements Expr {

    @Override
    public Object evaluate(FpmEnvelope m) {
        switch (name) {
            case "JMSDeliveryMode":
                return m.persistent() ? "PERSISTENT" : "NON_PERSISTENT";
            case "JMSPriority":
                return (long) m.priority();
            case "JMSMessageID":
                return m.messageId();
            case "JMSTimestamp":
                return m.timestamp();
            case "JMSCorrelationID":
                return m.correlationId();
            case "JMSType":
                return m.type();
            case "JMSXDeliveryCount":
                // the engine tests messages as they wait; the consumer will see one delivery more
                return (long) m.deliveryCount() + 1;
            default:
                return normalise(m.properties().get(name));
        }
    }

    @Override
    public Type type() {
        return Type.ANY;
    }

    static Object normalise(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof Long || value instanceof Double || value instanceof String || value instanceof Boolean) {
            return value;
        }
        // Characters or byte arrays cannot be properties; anything else is not selectable
        return null;
    }
}
