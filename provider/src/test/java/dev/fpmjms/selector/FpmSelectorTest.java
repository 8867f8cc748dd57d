package dev.fpmjms.selector;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.InvalidSelectorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FpmSelectorTest {

    private static final FpmEnvelope MESSAGE = message();

    private static FpmEnvelope message() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("s", "hello");
        p.put("empty", "");
        p.put("i", 10);
        p.put("l", 10L);
        p.put("b", (byte) 3);
        p.put("sh", (short) 7);
        p.put("f", 1.5f);
        p.put("d", 2.5);
        p.put("flag", true);
        p.put("off", false);
        p.put("under", "a_b");
        p.put("pct", "100%");
        p.put("q", "it's");
        p.put("ten", "10");
        p.put("JMSXGroupID", "g1");
        p.put("max", Long.MAX_VALUE);
        return FpmEnvelope.builder(DestinationRef.queue("orders"))
                .messageId("ID:abc").correlationId("corr-1").type("order")
                .persistent(true).priority(7).timestamp(1000).deliveryCount(0)
                .properties(p).build();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # literals and booleans
            TRUE                                | true
            FALSE                               | false
            true                                | true
            flag                                | true
            off                                 | false
            NOT off                             | true
            flag = TRUE                         | true
            flag <> FALSE                       | true
            off = FALSE                         | true
            missing                             | false
            NOT missing                         | false
            # numeric comparison with promotion
            i = 10                              | true
            i = 10.0                            | true
            l = i                               | true
            b = 3                               | true
            sh > b                              | true
            f = 1.5                             | true
            d > f                               | true
            i <> 10                             | false
            i >= 10 AND i <= 10                 | true
            i < 10                              | false
            i > 9.99                            | true
            1 = 1.0                             | true
            7E3 = 7000                          | true
            -57.9E2 = -5790                     | true
            7. = 7                              | true
            .5 = 0.5                            | true
            +62 = 62                            | true
            -957 < 0                            | true
            max = 9223372036854775807           | true
            -9223372036854775808 < 0            | true
            # Java literal syntax (§3.8.1.1)
            035 = 29                            | true
            0 = 0                               | true
            00 = 0                              | true
            0x1d = 29                           | true
            0X1D = 29                           | true
            0b11101 = 29                        | true
            123L = 123                          | true
            123l = 123                          | true
            0x1dL = 29                          | true
            -0x8000000000000000L < 0            | true
            0xFFFFFFFFFFFFFFFFL = -1            | true
            1.5f = 1.5                          | true
            f = 1.5f                            | true
            7d = 7                              | true
            7D = 7.0                            | true
            7f = 7                              | true
            .5f = 0.5                           | true
            1.5e1f = 15                         | true
            09.5 = 9.5                          | true
            09d = 9                             | true
            # arithmetic
            i + 5 = 15                          | true
            i - 5 * 2 = 0                       | true
            (i - 5) * 2 = 10                    | true
            i / 4 = 2                           | true
            i / 4.0 = 2.5                       | true
            -i = -10                            | true
            - - i = 10                          | true
            +i = 10                             | true
            i / 0 = 1                           | false
            NOT (i / 0 = 1)                     | false
            1.0 / 0 > 1000                      | true
            missing + 1 = 1                     | false
            s + 1 = 1                           | false
            # strings
            s = 'hello'                         | true
            s <> 'hello'                        | false
            s = 'Hello'                         | false
            q = 'it''s'                         | true
            empty = ''                          | true
            # unlike types are UNKNOWN, so neither the comparison nor its negation selects
            s = 10                              | false
            NOT (s = 10)                        | false
            ten = 10                            | false
            NOT (ten = 10)                      | false
            flag = 1                            | false
            NOT (flag = 1)                      | false
            s > 1                               | false
            NOT (s > 1)                         | false
            # BETWEEN
            i BETWEEN 5 AND 15                  | true
            i BETWEEN 10 AND 10                 | true
            i BETWEEN 11 AND 15                 | false
            i NOT BETWEEN 11 AND 15             | true
            i NOT BETWEEN 5 AND 15              | false
            d BETWEEN 2 AND 3                   | true
            missing BETWEEN 1 AND 2             | false
            missing NOT BETWEEN 1 AND 2         | false
            s BETWEEN 1 AND 2                   | false
            i + 1 BETWEEN 11 AND 11             | true
            # IN
            s IN ('a', 'hello', 'b')            | true
            s IN ('a', 'b')                     | false
            s NOT IN ('a', 'b')                 | true
            s NOT IN ('hello')                  | false
            missing IN ('a')                    | false
            missing NOT IN ('a')                | false
            i IN ('10')                         | false
            JMSType IN ('order', 'invoice')     | true
            # LIKE
            s LIKE 'he%'                        | true
            s LIKE 'h_llo'                      | true
            s LIKE '_'                          | false
            s LIKE '%'                          | true
            s LIKE 'hello%'                     | true
            s LIKE 'ell'                        | false
            s NOT LIKE 'x%'                     | true
            s NOT LIKE 'h%'                     | false
            under LIKE 'a\\_b' ESCAPE '\\'      | true
            s LIKE 'h\\_llo' ESCAPE '\\'        | false
            pct LIKE '100!%' ESCAPE '!'         | true
            pct LIKE '10!%' ESCAPE '!'          | false
            under LIKE 'a!!b' ESCAPE '!'        | false
            q LIKE 'it''%'                      | true
            s LIKE '.*'                         | false
            missing LIKE '%'                    | false
            missing NOT LIKE '%'                | false
            i LIKE '1%'                         | false
            # IS NULL
            missing IS NULL                     | true
            missing IS NOT NULL                 | false
            s IS NULL                           | false
            s IS NOT NULL                       | true
            JMSCorrelationID IS NOT NULL        | true
            # three-valued logic
            missing = 1 OR TRUE                 | true
            missing = 1 OR FALSE                | false
            NOT (missing = 1 OR FALSE)          | false
            missing = 1 AND FALSE               | false
            NOT (missing = 1 AND FALSE)         | true
            missing = 1 AND TRUE                | false
            NOT (missing = 1 AND TRUE)          | false
            NOT (missing = 1)                   | false
            # precedence: NOT > AND > OR, arithmetic before comparison
            TRUE OR FALSE AND FALSE             | true
            (TRUE OR FALSE) AND FALSE           | false
            NOT FALSE AND FALSE                 | false
            NOT (FALSE AND FALSE)               | true
            1 + 2 * 3 = 7                       | true
            # headers
            JMSDeliveryMode = 'PERSISTENT'      | true
            JMSDeliveryMode = 'NON_PERSISTENT'  | false
            JMSPriority = 7                     | true
            JMSPriority > 4                     | true
            JMSMessageID = 'ID:abc'             | true
            JMSTimestamp = 1000                 | true
            JMSCorrelationID = 'corr-1'         | true
            JMSType = 'order'                   | true
            JMSXDeliveryCount = 1               | true
            JMSXGroupID = 'g1'                  | true
            JMSDestination IS NULL              | true
            # keywords are case-insensitive, identifiers are not
            s like 'h%' and i between 1 and 20  | true
            S = 'hello'                         | false
            """)
    void evaluates(String selector, boolean expected) throws InvalidSelectorException {
        assertEquals(expected, FpmSelector.compile(selector).test(MESSAGE), selector);
    }

    @ParameterizedTest(name = "[{index}] {0} invalid at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            5                          | 1
            'text'                     | 1
            i + 1                      | 1
            i =                        | 4
            = 5                        | 1
            TRUE AND                   | 9
            i = 1 OR                   | 9
            NULL                       | 1
            i = NULL                   | 5
            s LIKE                     | 7
            s LIKE 5                   | 8
            s LIKE 'a' ESCAPE 'ab'     | 19
            s LIKE 'a!' ESCAPE '!'     | 8
            s LIKE 'a!b' ESCAPE '!'    | 8
            s IN ()                    | 7
            s IN (1, 2)                | 7
            s IN ('a' 'b')             | 11
            s IN 'a'                   | 6
            'a' IN ('a')               | 1
            5 LIKE '5'                 | 1
            i NOT 5                    | 7
            i IS 5                     | 6
            1 IS NULL                  | 1
            (i = 1                     | 7
            i = 1)                     | 6
            s = 'open                  | 5
            i # 1                      | 3
            'a' + 1 = 2                | 1
            i + TRUE = 2               | 5
            NOT 5                      | 5
            5 AND TRUE                 | 3
            TRUE OR 'x'                | 9
            s < 'b'                    | 5
            TRUE > FALSE               | 1
            i BETWEEN 'a' AND 'b'      | 11
            i BETWEEN 1                | 12
            9223372036854775808 > 1    | 1
            1e999 > 1                  | 1
            1e > 1                     | 3
            12abc = 1                  | 3
            i = 1 i                    | 7
            TRUE = 0                   | 8
            FALSE = 0                  | 9
            0 = TRUE                   | 1
            TRUE <> 1.5                | 9
            (i > 1) = 'x'              | 11
            FALSE <> i + 1             | 10
            09 = 9                     | 2
            0x = 1                     | 3
            0xg = 1                    | 3
            1.5L = 1                   | 4
            1e5L = 1                   | 4
            0x10000000000000000 > 1    | 1
            1e39f > 1                  | 1
            """)
    void rejects(String selector, int position) {
        InvalidSelectorException e = assertThrows(InvalidSelectorException.class, () -> FpmSelector.compile(selector));
        assertTrue(e.getMessage().contains("at position " + position + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(selector), e.getMessage());
    }

    @Test
    void nullAndBlankMeanNoSelector() throws InvalidSelectorException {
        assertNull(FpmSelector.compile(null));
        assertNull(FpmSelector.compile(""));
        assertNull(FpmSelector.compile("   \t"));
    }

    @Test
    void nullHeadersAreNull() throws InvalidSelectorException {
        FpmEnvelope bare = FpmEnvelope.builder(DestinationRef.queue("q")).persistent(false).build();
        assertTrue(FpmSelector.compile("JMSMessageID IS NULL AND JMSCorrelationID IS NULL AND JMSType IS NULL").test(bare));
        assertFalse(FpmSelector.compile("JMSType = 'x' OR JMSType <> 'x'").test(bare));
        assertTrue(FpmSelector.compile("JMSDeliveryMode = 'NON_PERSISTENT'").test(bare));
    }

    @Test
    void deliveryCountCountsTheComingDelivery() throws InvalidSelectorException {
        FpmEnvelope redelivered = MESSAGE.toBuilder().deliveryCount(2).redelivered(true).build();
        assertTrue(FpmSelector.compile("JMSXDeliveryCount = 3").test(redelivered));
        assertTrue(FpmSelector.compile("JMSXDeliveryCount > 1").test(redelivered));
    }

    @Test
    void likeMatchesAcrossLineBreaksAndRegexCharacters() throws InvalidSelectorException {
        FpmEnvelope m = MESSAGE.toBuilder().property("text", "a\nb[c](d)$").build();
        assertTrue(FpmSelector.compile("text LIKE 'a%b[c](d)$'").test(m));
        assertTrue(FpmSelector.compile("text LIKE 'a_b%'").test(m));
    }

    @Test
    void toStringIsTheSelector() throws InvalidSelectorException {
        assertEquals("i = 10", FpmSelector.compile("i = 10").toString());
    }
}
