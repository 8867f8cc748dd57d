package dev.fpmjms.selector;

import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.InvalidSelectorException;

import java.util.function.Predicate;

/**
 * A compiled JMS message selector (see the package documentation for the rules). Immutable and
 * thread-safe: the engine may test messages from any thread.
 */
public final class FpmSelector implements Predicate<FpmEnvelope> {
    private final String text;
    private final Expr expression;

    private FpmSelector(String text, Expr expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * Compiles a selector.
     *
     * @param selector the selector text; {@code null} or blank means "every message"
     * @return the predicate, or {@code null} when there is no selector (the engine's "take all")
     * @throws InvalidSelectorException the selector is not valid; the message names the position
     */
    public static Predicate<FpmEnvelope> compile(String selector) throws InvalidSelectorException {
        if (selector == null || selector.isBlank()) {
            return null;
        }
        return new FpmSelector(selector, SelectorParser.parse(selector));
    }

    /** Whether the selector is TRUE for the message (FALSE and UNKNOWN both reject it). */
    @Override
    public boolean test(FpmEnvelope message) {
        return Boolean.TRUE.equals(expression.evaluate(message));
    }

    @Override
    public String toString() {
        return text;
    }
}
