package dev.fpmjms.artemis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The selectors the broker-mode dead-letter admin hands the broker are built from values, never
 * from text an operator typed as a selector: quotes in an id or a queue name stay inside the
 * literal.
 */
class DeadLetterSelectorsTest {

    @Test
    void literalsDoubleTheirQuotes() {
        assertEquals("'mail'", DeadLetterMessages.literal("mail"));
        assertEquals("'o''brien'' OR 1=1 OR ''x'", DeadLetterMessages.literal("o'brien' OR 1=1 OR 'x"));
    }

    @Test
    void anIdSelectionIsOneInListOfLiterals() {
        assertEquals("JMSMessageID IN ('ID:a', 'ID:b''c')", DeadLetterBatches.idSelector(List.of("ID:a", "ID:b'c")));
    }
}
