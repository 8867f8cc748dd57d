package dev.fpmjms.selector;

import dev.fpmjms.envelope.FpmEnvelope;

import java.util.Set;

/** {@code identifier [NOT] IN ('a', 'b')}: UNKNOWN when the identifier is NULL or not a string. */
record InList(Expr operand, Set<String> values, boolean negated) implements Expr {

    InList {
        values = Set.copyOf(values);
    }

    @Override
    public Object evaluate(FpmEnvelope message) {
        Object v = operand.evaluate(message);
        if (!(v instanceof String)) {
            return null;
        }
        return values.contains(v) != negated;
    }

    @Override
    public Type type() {
        return Type.BOOLEAN;
    }
}
