package dev.fpmjms.selector;

import jakarta.jms.InvalidSelectorException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the selector grammar, lowest precedence first:
 * <pre>
 * selector       := or END
 * or             := and (OR and)*
 * and            := not (AND not)*
 * not            := NOT not | predicate
 * predicate      := sum [ (= | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) sum
 *                        | [NOT] BETWEEN sum AND sum
 *                        | [NOT] IN ( string (, string)* )
 *                        | [NOT] LIKE string [ESCAPE string]
 *                        | IS [NOT] NULL ]
 * sum            := product ((+ | -) product)*
 * product        := unary ((* | /) unary)*
 * unary          := (+ | -) unary | primary
 * primary        := number | string | TRUE | FALSE | identifier | ( or )
 * </pre>
 * Type rules that can be checked without a message are checked here, so that a selector such
 * as {@code 'a' + 1} or {@code 5} fails when the consumer is created. Not thread-safe; one
 * instance per parse.
 */
final class SelectorParser {
    private final String source;
    private final List<Token> tokens;
    private int index;

    private SelectorParser(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    static Expr parse(String source) throws InvalidSelectorException {
        SelectorParser p = new SelectorParser(source, SelectorLexer.tokenize(source));
        Token first = p.peek();
        Expr e = p.or();
        p.requireType(e, Expr.Type.BOOLEAN, first, "the selector must be a condition");
        if (p.peek().kind() != Token.Kind.END) {
            throw p.error(p.peek(), "unexpected " + p.peek().describe());
        }
        return e;
    }

    private Expr or() throws InvalidSelectorException {
        Expr left = and();
        while (peek().kind() == Token.Kind.OR) {
            Token op = take();
            requireType(left, Expr.Type.BOOLEAN, op, "OR needs conditions on both sides");
            Token at = peek();
            Expr right = and();
            requireType(right, Expr.Type.BOOLEAN, at, "OR needs conditions on both sides");
            left = new Expr.Or(left, right);
        }
        return left;
    }

    private Expr and() throws InvalidSelectorException {
        Expr left = not();
        while (peek().kind() == Token.Kind.AND) {
            Token op = take();
            requireType(left, Expr.Type.BOOLEAN, op, "AND needs conditions on both sides");
            Token at = peek();
            Expr right = not();
            requireType(right, Expr.Type.BOOLEAN, at, "AND needs conditions on both sides");
            left = new Expr.And(left, right);
        }
        return left;
    }

    private Expr not() throws InvalidSelectorException {
        if (peek().kind() == Token.Kind.NOT) {
            take();
            Token at = peek();
            Expr operand = not();
            requireType(operand, Expr.Type.BOOLEAN, at, "NOT needs a condition");
            return new Expr.Not(operand);
        }
        return predicate();
    }

    private Expr predicate() throws InvalidSelectorException {
        Token start = peek();
        Expr left = sum();
        Token op = peek();
        switch (op.kind()) {
            case EQ: case NE: case LT: case LE: case GT: case GE:
                take();
                return comparison(op, left, start);
            case IS:
                take();
                requireIdentifier(left, start, "IS NULL");
                boolean negated = accept(Token.Kind.NOT);
                expect(Token.Kind.NULL, "NULL");
                return new Expr.IsNull(left, negated);
            case NOT:
                take();
                return negatable(left, start, true);
            case BETWEEN: case IN: case LIKE:
                return negatable(left, start, false);
            default:
                return left;
        }
    }

    private Expr comparison(Token op, Expr left, Token start) throws InvalidSelectorException {
        Token rightStart = peek();
        Expr right = sum();
        if (Comparison.isOrdering(op.kind())) {
            for (Expr side : List.of(left, right)) {
                if (side.type() == Expr.Type.STRING || side.type() == Expr.Type.BOOLEAN) {
                    throw error(side == left ? start : rightStart,
                            "strings and booleans can only be compared with = and <>, not " + op.describe());
                }
            }
        } else {
            requireNotBooleanAgainstOther(left, start, right, rightStart);
        }
        return new Comparison(op.kind(), left, right);
    }

    /** §3.8.1.2: a boolean compares only with a boolean; {@code TRUE = 0} is a type error, not FALSE. */
    private void requireNotBooleanAgainstOther(Expr left, Token leftAt, Expr right, Token rightAt)
            throws InvalidSelectorException {
        Expr.Type l = left.type();
        Expr.Type r = right.type();
        if (l == r || l == Expr.Type.ANY || r == Expr.Type.ANY) {
            return;
        }
        if (l == Expr.Type.BOOLEAN || r == Expr.Type.BOOLEAN) {
            Expr other = l == Expr.Type.BOOLEAN ? right : left;
            throw error(other == right ? rightAt : leftAt,
                    "a boolean can only be compared with a boolean, found a " + typeName(other) + " expression");
        }
    }

    private Expr negatable(Expr left, Token start, boolean negated) throws InvalidSelectorException {
        Token op = take();
        switch (op.kind()) {
            case BETWEEN: {
                requireType(left, Expr.Type.NUMBER, start, "BETWEEN needs numbers");
                Token lowAt = peek();
                Expr low = sum();
                requireType(low, Expr.Type.NUMBER, lowAt, "BETWEEN needs numbers");
                expect(Token.Kind.AND, "AND");
                Token highAt = peek();
                Expr high = sum();
                requireType(high, Expr.Type.NUMBER, highAt, "BETWEEN needs numbers");
                Expr between = new Expr.And(new Comparison(Token.Kind.GE, left, low),
                        new Comparison(Token.Kind.LE, left, high));
                return negated ? new Expr.Not(between) : between;
            }
            case IN:
                requireIdentifier(left, start, "IN");
                return new InList(left, stringList(), negated);
            case LIKE:
                requireIdentifier(left, start, "LIKE");
                return like(left, negated);
            default:
                throw error(op, "expected BETWEEN, IN or LIKE after NOT, found " + op.describe());
        }
    }

    private Set<String> stringList() throws InvalidSelectorException {
        expect(Token.Kind.LEFT_PAREN, "(");
        Set<String> values = new LinkedHashSet<>();
        do {
            values.add(expect(Token.Kind.STRING, "a string literal").text());
        } while (accept(Token.Kind.COMMA));
        expect(Token.Kind.RIGHT_PAREN, ")");
        return values;
    }

    private Expr like(Expr left, boolean negated) throws InvalidSelectorException {
        Token pattern = expect(Token.Kind.STRING, "a string literal pattern");
        Character escape = null;
        if (accept(Token.Kind.ESCAPE)) {
            Token esc = expect(Token.Kind.STRING, "a one-character string literal");
            if (esc.text().length() != 1) {
                throw error(esc, "the ESCAPE character must be one character, was " + esc.describe());
            }
            escape = esc.text().charAt(0);
        }
        Pattern compiled = Like.compile(pattern.text(), escape);
        if (compiled == null) {
            throw error(pattern, "the escape character '" + escape + "' must be followed by _, % or itself in "
                    + pattern.describe());
        }
        return new Like(left, compiled, negated);
    }

    private Expr sum() throws InvalidSelectorException {
        Token leftAt = peek();
        Expr left = product();
        while (peek().kind() == Token.Kind.PLUS || peek().kind() == Token.Kind.MINUS) {
            Token op = take();
            Token rightAt = peek();
            Expr right = product();
            left = arithmetic(op, left, leftAt, right, rightAt);
        }
        return left;
    }

    private Expr product() throws InvalidSelectorException {
        Token leftAt = peek();
        Expr left = unary();
        while (peek().kind() == Token.Kind.TIMES || peek().kind() == Token.Kind.DIVIDE) {
            Token op = take();
            Token rightAt = peek();
            Expr right = unary();
            left = arithmetic(op, left, leftAt, right, rightAt);
        }
        return left;
    }

    private Expr arithmetic(Token op, Expr left, Token leftAt, Expr right, Token rightAt) throws InvalidSelectorException {
        requireType(left, Expr.Type.NUMBER, leftAt, "arithmetic needs numbers");
        requireType(right, Expr.Type.NUMBER, rightAt, "arithmetic needs numbers");
        return new Arithmetic(op.text().charAt(0), left, right);
    }

    private Expr unary() throws InvalidSelectorException {
        Token sign = peek();
        if (sign.kind() == Token.Kind.MINUS || sign.kind() == Token.Kind.PLUS) {
            take();
            Token at = peek();
            if (sign.kind() == Token.Kind.MINUS && at.kind() == Token.Kind.EXACT_NUMBER) {
                // folded here so that -9223372036854775808 (Long.MIN_VALUE) is a valid literal
                take();
                return new Expr.Literal(exact(at, true), Expr.Type.NUMBER);
            }
            Expr operand = unary();
            requireType(operand, Expr.Type.NUMBER, at, "a sign needs a number");
            return sign.kind() == Token.Kind.MINUS ? new Arithmetic.Negate(operand) : new Arithmetic.Plus(operand);
        }
        return primary();
    }

    private Expr primary() throws InvalidSelectorException {
        Token t = take();
        switch (t.kind()) {
            case EXACT_NUMBER:
                return new Expr.Literal(exact(t, false), Expr.Type.NUMBER);
            case APPROXIMATE_NUMBER:
                try {
                    return new Expr.Literal(NumericLiteral.approximate(t.text()), Expr.Type.NUMBER);
                } catch (NumberFormatException e) {
                    throw error(t, e.getMessage());
                }
            case STRING:
                return new Expr.Literal(t.text(), Expr.Type.STRING);
            case TRUE:
                return new Expr.Literal(Boolean.TRUE, Expr.Type.BOOLEAN);
            case FALSE:
                return new Expr.Literal(Boolean.FALSE, Expr.Type.BOOLEAN);
            case IDENTIFIER:
                return new Identifier(t.text());
            case LEFT_PAREN: {
                Expr inner = or();
                expect(Token.Kind.RIGHT_PAREN, ")");
                return inner;
            }
            case NULL:
                throw error(t, "NULL is only allowed in IS [NOT] NULL");
            default:
                throw error(t, "expected a value, an identifier or '(', found " + t.describe());
        }
    }

    private long exact(Token t, boolean negative) throws InvalidSelectorException {
        try {
            return NumericLiteral.exact(t.text(), negative);
        } catch (NumberFormatException e) {
            throw error(t, e.getMessage());
        }
    }

    private void requireType(Expr e, Expr.Type wanted, Token at, String rule) throws InvalidSelectorException {
        if (!e.type().admits(wanted)) {
            throw error(at, rule + ", found a " + typeName(e) + " expression");
        }
    }

    private static String typeName(Expr e) {
        return e.type().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void requireIdentifier(Expr e, Token at, String construct) throws InvalidSelectorException {
        if (!(e instanceof Identifier)) {
            throw error(at, construct + " applies to an identifier, found " + at.describe());
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token take() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.END) {
            index++;
        }
        return t;
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind() == kind) {
            take();
            return true;
        }
        return false;
    }

    private Token expect(Token.Kind kind, String what) throws InvalidSelectorException {
        Token t = peek();
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return take();
    }

    private InvalidSelectorException error(Token at, String problem) {
        return SelectorErrors.at(source, at.position(), problem);
    }
}
