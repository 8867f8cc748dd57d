package dev.fpmjms.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The figures a fault test prints, one line starting {@code faults: test=<name> sent= delivered=
 * duplicated= lost=}, then test-specific ones.
 *
 * @param sent       sends that returned normally
 * @param delivered  messages whose work PHP did at least once (counted by the worker), or, where
 *                   the worker cannot count, replies received
 * @param duplicated runs that did the work of a message once more
 * @param lost       sent messages with neither a reply nor a dead letter
 * @param extra      further {@code name=value} figures, or ""
 */
record Figures(String test, long sent, long delivered, long duplicated, long lost, String extra) {

    /** Prints the line and asserts that nothing was lost. */
    Figures printAndCheck() {
        System.out.println("faults: test=" + test + " sent=" + sent + " delivered=" + delivered
                + " duplicated=" + duplicated + " lost=" + lost + (extra.isEmpty() ? "" : " " + extra));
        assertEquals(0, lost, test + ": lost messages");
        return this;
    }
}
