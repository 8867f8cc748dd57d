package dev.fpmjms.selector;

import dev.fpmjms.envelope.FpmEnvelope;

import java.util.regex.Pattern;

/**
 * {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}: {@code _} stands for one character,
 * {@code %} for any run of characters, the escape character makes the next {@code _}, {@code %}
 * or escape character literal. UNKNOWN when the identifier is NULL or not a string.
 */
record Like(Expr operand, Pattern pattern, boolean negated) implements Expr {

    @Override
    public Object evaluate(FpmEnvelope message) {
        Object v = operand.evaluate(message);
        if (!(v instanceof String)) {
            return null;
        }
        return pattern.matcher((String) v).matches() != negated;
    }

    @Override
    public Type type() {
        return Type.BOOLEAN;
    }

    /**
     * Translates a LIKE pattern into a regular expression.
     *
     * @param escape the escape character, or {@code null}
     * @return the pattern, or {@code null} when an escape character is not followed by
     *         {@code _}, {@code %} or itself
     */
    static Pattern compile(String like, Character escape) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (escape != null && c == escape) {
                if (i + 1 >= like.length()) {
                    return null;
                }
                char next = like.charAt(++i);
                if (next != '_' && next != '%' && next != escape) {
                    return null;
                }
                literal.append(next);
            } else if (c == '_' || c == '%') {
                flush(regex, literal);
                regex.append(c == '_' ? "." : ".*");
            } else {
                literal.append(c);
            }
        }
        flush(regex, literal);
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder regex, StringBuilder literal) {
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
