package dev.fpmjms.selector;

import dev.fpmjms.envelope.FpmEnvelope;

/**
 * {@code a + b}, {@code a - b}, {@code a * b}, {@code a / b} with Java's binary numeric
 * promotion; a NULL or non-numeric operand, or an integer division by zero, gives UNKNOWN.
 */
record Arithmetic(char operator, Expr left, Expr right) implements Expr {

    @Override
    public Object evaluate(FpmEnvelope message) {
        Object l = left.evaluate(message);
        if (!(l instanceof Long || l instanceof Double)) {
            return null;
        }
        Object r = right.evaluate(message);
        if (!(r instanceof Long || r instanceof Double)) {
            return null;
        }
        if (l instanceof Long && r instanceof Long) {
            long a = (Long) l;
            long b = (Long) r;
            switch (operator) {
                case '+': return a + b;
                case '-': return a - b;
                case '*': return a * b;
                default: return b == 0 ? null : a / b;
            }
        }
        double a = ((Number) l).doubleValue();
        double b = ((Number) r).doubleValue();
        switch (operator) {
            case '+': return a + b;
            case '-': return a - b;
            case '*': return a * b;
            default: return a / b;
        }
    }

    @Override
    public Type type() {
        return Type.NUMBER;
    }

    /** Unary minus. */
    record Negate(Expr operand) implements Expr {
        @Override
        public Object evaluate(FpmEnvelope message) {
            Object v = operand.evaluate(message);
            if (v instanceof Long) {
                return -(Long) v;
            }
            if (v instanceof Double) {
                return -(Double) v;
            }
            return null;
        }

        @Override
        public Type type() {
            return Type.NUMBER;
        }
    }

    /** Unary plus: the operand, if it is a number. */
    record Plus(Expr operand) implements Expr {
        @Override
        public Object evaluate(FpmEnvelope message) {
            Object v = operand.evaluate(message);
            return v instanceof Long || v instanceof Double ? v : null;
        }

        @Override
        public Type type() {
            return Type.NUMBER;
        }
    }
}
