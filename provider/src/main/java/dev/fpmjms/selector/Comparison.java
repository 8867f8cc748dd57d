package dev.fpmjms.selector;

import dev.fpmjms.envelope.FpmEnvelope;

/**
 * {@code =, <>, <, <=, >, >=}. Numbers compare by value across exact and approximate types;
 * strings and booleans only by {@code =} and {@code <>}; anything else (NULL, unlike types,
 * ordering of strings) is UNKNOWN.
 */
record Comparison(Token.Kind operator, Expr left, Expr right) implements Expr {

    @Override
    public Object evaluate(FpmEnvelope message) {
        Object l = left.evaluate(message);
        Object r = right.evaluate(message);
        if (l == null || r == null) {
            return null;
        }
        if (l instanceof Long && r instanceof Long) {
            return holds(Long.compare((Long) l, (Long) r));
        }
        if ((l instanceof Long || l instanceof Double) && (r instanceof Long || r instanceof Double)) {
            double a = ((Number) l).doubleValue();
            double b = ((Number) r).doubleValue();
            if (Double.isNaN(a) || Double.isNaN(b)) {
                return operator == Token.Kind.NE;
            }
            return holds(Double.compare(a == 0.0 ? 0.0 : a, b == 0.0 ? 0.0 : b));
        }
        if (l.getClass() != r.getClass()) {
            return null;
        }
        switch (operator) {
            case EQ: return l.equals(r);
            case NE: return !l.equals(r);
            default: return null;
        }
    }

    private boolean holds(int cmp) {
        switch (operator) {
            case EQ: return cmp == 0;
            case NE: return cmp != 0;
            case LT: return cmp < 0;
            case LE: return cmp <= 0;
            case GT: return cmp > 0;
            default: return cmp >= 0;
        }
    }

    @Override
    public Type type() {
        return Type.BOOLEAN;
    }

    static boolean isOrdering(Token.Kind operator) {
        return operator == Token.Kind.LT || operator == Token.Kind.LE
                || operator == Token.Kind.GT || operator == Token.Kind.GE;
    }
}
