package dev.fpmjms.selector;

import jakarta.jms.InvalidSelectorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits a selector into tokens. Keywords are case-insensitive; identifiers keep their case. */
final class SelectorLexer {
    private static final Map<String, Token.Kind> KEYWORDS = Map.ofEntries(
            Map.entry("AND", Token.Kind.AND), Map.entry("OR", Token.Kind.OR), Map.entry("NOT", Token.Kind.NOT),
            Map.entry("BETWEEN", Token.Kind.BETWEEN), Map.entry("LIKE", Token.Kind.LIKE),
            Map.entry("IN", Token.Kind.IN), Map.entry("IS", Token.Kind.IS), Map.entry("NULL", Token.Kind.NULL),
            Map.entry("ESCAPE", Token.Kind.ESCAPE), Map.entry("TRUE", Token.Kind.TRUE),
            Map.entry("FALSE", Token.Kind.FALSE));

    private final String source;
    private int pos;

    private SelectorLexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) throws InvalidSelectorException {
        return new SelectorLexer(source).run();
    }

    private List<Token> run() throws InvalidSelectorException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= source.length()) {
                tokens.add(new Token(Token.Kind.END, "", pos + 1));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipWhitespace() {
        while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
            pos++;
        }
    }

    private Token next() throws InvalidSelectorException {
        int start = pos;
        char c = source.charAt(pos);
        if (c == '\'') {
            return string(start);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < source.length() && Character.isDigit(source.charAt(pos + 1)))) {
            return number(start);
        }
        if (Character.isJavaIdentifierStart(c)) {
            while (pos < source.length() && Character.isJavaIdentifierPart(source.charAt(pos))) {
                pos++;
            }
            String word = source.substring(start, pos);
            Token.Kind keyword = KEYWORDS.get(word.toUpperCase(Locale.ROOT));
            return new Token(keyword != null ? keyword : Token.Kind.IDENTIFIER, word, start + 1);
        }
        pos++;
        switch (c) {
            case '(': return new Token(Token.Kind.LEFT_PAREN, "(", start + 1);
            case ')': return new Token(Token.Kind.RIGHT_PAREN, ")", start + 1);
            case ',': return new Token(Token.Kind.COMMA, ",", start + 1);
            case '=': return new Token(Token.Kind.EQ, "=", start + 1);
            case '+': return new Token(Token.Kind.PLUS, "+", start + 1);
            case '-': return new Token(Token.Kind.MINUS, "-", start + 1);
            case '*': return new Token(Token.Kind.TIMES, "*", start + 1);
            case '/': return new Token(Token.Kind.DIVIDE, "/", start + 1);
            case '<':
                if (consume('>')) {
                    return new Token(Token.Kind.NE, "<>", start + 1);
                }
                return consume('=') ? new Token(Token.Kind.LE, "<=", start + 1) : new Token(Token.Kind.LT, "<", start + 1);
            case '>':
                return consume('=') ? new Token(Token.Kind.GE, ">=", start + 1) : new Token(Token.Kind.GT, ">", start + 1);
            default:
                throw SelectorErrors.at(source, start + 1, "unexpected character '" + c + "'");
        }
    }

    private boolean consume(char expected) {
        if (pos < source.length() && source.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    /** A string literal; {@code ''} inside stands for one quote. */
    private Token string(int start) throws InvalidSelectorException {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            if (c == '\'') {
                if (pos < source.length() && source.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    return new Token(Token.Kind.STRING, value.toString(), start + 1);
                }
            } else {
                value.append(c);
            }
        }
        throw SelectorErrors.at(source, start + 1, "string literal is not closed with '");
    }

    /**
     * A numeric literal in Java syntax (see {@link NumericLiteral}): {@code 57}, {@code 035},
     * {@code 0x1d}, {@code 0b101}, {@code 123L}, {@code 7.}, {@code .5}, {@code 57.9E2},
     * {@code 1.5f}, {@code 7d}. The sign is a separate token. Values are read by the parser.
     */
    private Token number(int start) throws InvalidSelectorException {
        if (source.charAt(pos) == '0' && pos + 1 < source.length() && "xXbB".indexOf(source.charAt(pos + 1)) >= 0) {
            int radix = Character.toLowerCase(source.charAt(pos + 1)) == 'x' ? 16 : 2;
            pos += 2;
            if (digits(radix) == 0) {
                throw SelectorErrors.at(source, pos + 1, (radix == 16 ? "hex" : "binary") + " literal "
                        + source.substring(start, pos) + " needs digits");
            }
            consumeAny("lL");
            return numberToken(start, Token.Kind.EXACT_NUMBER);
        }
        boolean approximate = false;
        digits(10);
        if (consume('.')) {
            approximate = true;
            digits(10);
        }
        if (consumeAny("eE")) {
            approximate = true;
            consumeAny("+-");
            if (digits(10) == 0) {
                throw SelectorErrors.at(source, pos + 1, "exponent needs digits");
            }
        }
        if (consumeAny("fFdD")) {
            approximate = true;
        } else if (!approximate) {
            consumeAny("lL");
            checkOctal(start);
        }
        return numberToken(start, approximate ? Token.Kind.APPROXIMATE_NUMBER : Token.Kind.EXACT_NUMBER);
    }

    private Token numberToken(int start, Token.Kind kind) throws InvalidSelectorException {
        if (pos < source.length() && Character.isJavaIdentifierPart(source.charAt(pos))) {
            throw SelectorErrors.at(source, pos + 1, "unexpected '" + source.charAt(pos) + "' after number");
        }
        return new Token(kind, source.substring(start, pos), start + 1);
    }

    /** As in Java, an exact literal with a leading 0 is octal, so 8 and 9 are not its digits. */
    private void checkOctal(int start) throws InvalidSelectorException {
        if (source.charAt(start) != '0') {
            return;
        }
        for (int i = start + 1; i < pos; i++) {
            char c = source.charAt(i);
            if (c == '8' || c == '9') {
                throw SelectorErrors.at(source, i + 1, "'" + c + "' is not an octal digit (a leading 0 makes "
                        + source.substring(start, pos) + " an octal literal)");
            }
        }
    }

    private boolean consumeAny(String expected) {
        if (pos < source.length() && expected.indexOf(source.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private int digits(int radix) {
        int from = pos;
        while (pos < source.length() && Character.digit(source.charAt(pos), radix) >= 0
                && source.charAt(pos) < 128) {
            pos++;
        }
        return pos - from;
    }
}
