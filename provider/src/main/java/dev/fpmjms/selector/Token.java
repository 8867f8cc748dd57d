package dev.fpmjms.selector;

/**
 * One lexical token of a selector.
 *
 * @param kind     what it is
 * @param text     the source text (for identifiers and numbers) or the decoded value (strings)
 * @param position 1-based character position in the selector, for error messages
 */
record Token(Kind kind, String text, int position) {

    enum Kind {
        IDENTIFIER, STRING, EXACT_NUMBER, APPROXIMATE_NUMBER,
        AND, OR, NOT, BETWEEN, LIKE, IN, IS, NULL, ESCAPE, TRUE, FALSE,
        LEFT_PAREN, RIGHT_PAREN, COMMA,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, TIMES, DIVIDE,
        END
    }

    /** How the token reads in an error message. */
    String describe() {
        switch (kind) {
            case END:
                return "end of selector";
            case STRING:
                return "'" + text.replace("'", "''") + "'";
            default:
                return "'" + text + "'";
        }
    }
}
