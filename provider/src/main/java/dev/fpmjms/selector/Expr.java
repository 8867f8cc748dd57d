package dev.fpmjms.selector;

import dev.fpmjms.envelope.FpmEnvelope;

/**
 * A node of a compiled selector. {@link #evaluate} returns a {@code Boolean}, a {@code Long}
 * (exact numeric), a {@code Double} (approximate numeric), a {@code String}, or {@code null} for
 * NULL / UNKNOWN. Nodes are immutable and thread-safe.
 */
interface Expr {

    /** What the parser knows about a node's value before any message is seen. */
    enum Type {
        BOOLEAN, NUMBER, STRING,
        /** An identifier: its type is only known per message. */
        ANY;

        boolean admits(Type wanted) {
            return this == ANY || this == wanted;
        }
    }

    Object evaluate(FpmEnvelope message);

    Type type();

    /** A literal value. */
    record Literal(Object value, Type type) implements Expr {
        @Override
        public Object evaluate(FpmEnvelope message) {
            return value;
        }
    }

    /** {@code NOT e}: NOT UNKNOWN is UNKNOWN. */
    record Not(Expr operand) implements Expr {
        @Override
        public Object evaluate(FpmEnvelope message) {
            Boolean b = Expr.asBoolean(operand.evaluate(message));
            return b == null ? null : !b;
        }

        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** {@code a AND b}: FALSE wins over UNKNOWN. */
    record And(Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(FpmEnvelope message) {
            Boolean l = Expr.asBoolean(left.evaluate(message));
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Boolean r = Expr.asBoolean(right.evaluate(message));
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }

        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** {@code a OR b}: TRUE wins over UNKNOWN. */
    record Or(Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(FpmEnvelope message) {
            Boolean l = Expr.asBoolean(left.evaluate(message));
            if (Boolean.TRUE.equals(l)) {
                return true;
            }
            Boolean r = Expr.asBoolean(right.evaluate(message));
            if (Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }

        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** {@code identifier IS [NOT] NULL}. */
    record IsNull(Expr operand, boolean negated) implements Expr {
        @Override
        public Object evaluate(FpmEnvelope message) {
            return (operand.evaluate(message) == null) != negated;
        }

        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** A value used as a condition: only a Boolean is TRUE or FALSE, anything else is UNKNOWN. */
    static Boolean asBoolean(Object value) {
        return value instanceof Boolean ? (Boolean) value : null;
    }
}
