package dev.fpmjms.selector;

import jakarta.jms.InvalidSelectorException;

/** Builds the one form of selector error: what is wrong, where, and the selector itself. */
final class SelectorErrors {
    private SelectorErrors() {
    }

    static InvalidSelectorException at(String selector, int position, String problem) {
        return new InvalidSelectorException("invalid message selector at position " + position + ": "
                + problem + " in \"" + selector + "\"");
    }
}
