package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Messaging 3.1, section 3.8: message selectors. Every test sends the same five messages
 * (see {@link #sendFixture}) to a fresh queue, consumes with a selector and then drains the rest
 * without one, so both the selected messages and the ones left behind are checked exactly, without
 * waiting for absent messages.
 */
@DisplayName("08 Message selectors")
class SelectorsTest extends ConformanceTestBase {

    private Session session;
    private final List<String> messageIds = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        session = session();
    }

    /**
     * The five messages; property {@code idx} is the number.
     * <pre>
     * idx color  size weight flag  name      JMSType JMSPriority other
     *  0  red     10   2.5   TRUE  alpha     car        4        big=1234567890123 (long), tiny=3 (byte)
     *  1  blue    20   7.0   FALSE beta_1    bike       7        NON_PERSISTENT
     *  2  green   30   -     -     gamma%    -          1        short=300 (short)
     *  3  -       -    -     -     -         -          4        (no property but idx)
     *  4  Red     -5   -1.5  -     o'neil    -          9        JMSCorrelationID=corr-1
     * </pre>
     */
    private Queue sendFixture() throws Exception {
        Queue q = queue();
        MessageProducer p = session.createProducer(q);
        Message m0 = session.createMessage();
        m0.setStringProperty("color", "red");
        m0.setIntProperty("size", 10);
        m0.setDoubleProperty("weight", 2.5);
        m0.setBooleanProperty("flag", true);
        m0.setStringProperty("name", "alpha");
        m0.setJMSType("car");
        m0.setLongProperty("big", 1234567890123L);
        m0.setByteProperty("tiny", (byte) 3);
        Message m1 = session.createMessage();
        m1.setStringProperty("color", "blue");
        m1.setIntProperty("size", 20);
        m1.setFloatProperty("weight", 7.0f);
        m1.setBooleanProperty("flag", false);
        m1.setStringProperty("name", "beta_1");
        m1.setJMSType("bike");
        Message m2 = session.createMessage();
        m2.setStringProperty("color", "green");
        m2.setLongProperty("size", 30L);
        m2.setStringProperty("name", "gamma%");
        m2.setShortProperty("short", (short) 300);
        Message m3 = session.createMessage();
        Message m4 = session.createMessage();
        m4.setStringProperty("color", "Red");
        m4.setIntProperty("size", -5);
        m4.setDoubleProperty("weight", -1.5);
        m4.setStringProperty("name", "o'neil");
        m4.setJMSCorrelationID("corr-1");
        Message[] all = {m0, m1, m2, m3, m4};
        int[] priority = {4, 7, 1, 4, 9};
        for (int i = 0; i < all.length; i++) {
            all[i].setIntProperty("idx", i);
            p.send(all[i], i == 1 ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT, priority[i], 0);
            messageIds.add(all[i].getJMSMessageID());
            timestamps.add(all[i].getJMSTimestamp());
        }
        return q;
    }

    /** Asserts that {@code selector} selects exactly the fixture messages {@code expected}. */
    private void assertSelects(String selector, Integer... expected) throws Exception {
        Queue q = sendFixture();
        Set<Integer> want = new TreeSet<>(List.of(expected));
        Set<Integer> got = new TreeSet<>();
        MessageConsumer selective = session.createConsumer(q, selector);
        for (int i = 0; i < want.size(); i++) {
            got.add(receive(selective).getIntProperty("idx"));
        }
        selective.close();
        Set<Integer> rest = new TreeSet<>();
        MessageConsumer everything = session.createConsumer(q);
        for (int i = 0; i < 5 - want.size(); i++) {
            Message m = everything.receive(RECEIVE_TIMEOUT_MS);
            if (m == null) {
                break;
            }
            rest.add(m.getIntProperty("idx"));
        }
        everything.close();
        Set<Integer> notSelected = new TreeSet<>(Set.of(0, 1, 2, 3, 4));
        notSelected.removeAll(want);
        assertEquals(want, got, "selected by [" + selector + "]");
        assertEquals(notSelected, rest, "left on the queue by [" + selector + "]");
    }

    // ---- no selector ----

    @Test void nullSelectorSelectsAll() throws Exception { assertSelects(null, 0, 1, 2, 3, 4); }
    @Test void emptySelectorSelectsAll() throws Exception { assertSelects("", 0, 1, 2, 3, 4); }

    @Test
    void nullAndEmptySelectorsAreReportedAsNone() throws Exception {
        Queue q = queue();
        assertNull(session.createConsumer(q, null).getMessageSelector());
        assertNull(session.createConsumer(q, "").getMessageSelector());
        assertEquals("size > 1", session.createConsumer(q, "size > 1").getMessageSelector());
    }

    // ---- comparison ----

    @Test void stringEquality() throws Exception { assertSelects("color = 'red'", 0); }
    @Test void stringComparisonIsCaseSensitive() throws Exception { assertSelects("color = 'Red'", 4); }
    @Test void stringInequalityExcludesNull() throws Exception { assertSelects("color <> 'red'", 1, 2, 4); }
    @Test void quoteInStringLiteral() throws Exception { assertSelects("name = 'o''neil'", 4); }
    @Test void integerGreaterThan() throws Exception { assertSelects("size > 15", 1, 2); }
    @Test void integerRange() throws Exception { assertSelects("size >= 10 AND size <= 20", 0, 1); }
    @Test void lessThanOrEqualAndNegative() throws Exception { assertSelects("size <= 0", 4); }
    @Test void integerAndFloatCompare() throws Exception { assertSelects("size > 19.5", 1, 2); }
    @Test void floatComparison() throws Exception { assertSelects("weight > 2.0", 0, 1); }
    @Test void approximateLiteral() throws Exception { assertSelects("weight = 7.0E0", 1); }
    @Test void approximateLiteralWithExponent() throws Exception { assertSelects("weight < -0.1e1", 4); }
    @Test void longProperty() throws Exception { assertSelects("big = 1234567890123", 0); }
    @Test void byteAndShortProperties() throws Exception { assertSelects("tiny = 3 OR short = 300", 0, 2); }
    @Test void booleanLiteral() throws Exception { assertSelects("flag = TRUE", 0); }
    @Test void booleanFalseLiteral() throws Exception { assertSelects("flag = FALSE", 1); }
    @Test void booleanIdentifierAlone() throws Exception { assertSelects("flag", 0); }
    @Test void notBooleanIdentifier() throws Exception { assertSelects("NOT flag", 1); }
    @Test void stringComparedWithNumberIsFalse() throws Exception { assertSelects("color = 10 OR size = 10", 0); }
    @Test void identifiersAreCaseSensitive() throws Exception { assertSelects("COLOR = 'red' OR Size = 10", new Integer[0]); }
    @Test void keywordsAreCaseInsensitive() throws Exception { assertSelects("color = 'red' and size between 5 and 15 or color is null", 0, 3); }

    // ---- arithmetic ----

    @Test void multiplicationAndAddition() throws Exception { assertSelects("size * 2 + 1 = 21", 0); }
    @Test void division() throws Exception { assertSelects("size / 4 = 5", 1); }
    @Test void unaryMinus() throws Exception { assertSelects("-size = 5", 4); }
    @Test void unaryPlusAndSubtraction() throws Exception { assertSelects("+size - 5 > 20", 2); }
    @Test void arithmeticPrecedence() throws Exception { assertSelects("2 + size * 3 = 32", 0); }
    @Test void parenthesesInArithmetic() throws Exception { assertSelects("(2 + size) * 3 = 36", 0); }
    @Test void arithmeticWithFloat() throws Exception { assertSelects("weight * 2 = 5", 0); }
    @Test void arithmeticWithNullIsUnknown() throws Exception { assertSelects("weight + 1 > 0", 0, 1); }

    // ---- BETWEEN, IN, LIKE, IS NULL ----

    @Test void between() throws Exception { assertSelects("size BETWEEN 10 AND 20", 0, 1); }
    @Test void betweenIsInclusive() throws Exception { assertSelects("size BETWEEN 20 AND 30", 1, 2); }
    @Test void notBetween() throws Exception { assertSelects("size NOT BETWEEN 10 AND 20", 2, 4); }
    @Test void betweenWithArithmetic() throws Exception { assertSelects("size * 2 BETWEEN 15 AND 45", 0, 1); }
    @Test void in() throws Exception { assertSelects("color IN ('red', 'green')", 0, 2); }
    @Test void inSingleValue() throws Exception { assertSelects("color IN ('blue')", 1); }
    @Test void notInExcludesNull() throws Exception { assertSelects("color NOT IN ('red', 'green')", 1, 4); }
    @Test void likePercent() throws Exception { assertSelects("name LIKE 'a%'", 0); }
    @Test void likePercentInside() throws Exception { assertSelects("name LIKE '%a%'", 0, 1, 2); }
    @Test void likeUnderscore() throws Exception { assertSelects("name LIKE '_eta%'", 1); }
    @Test void likeUnderscoreMatchesAnyCharacter() throws Exception { assertSelects("name LIKE 'beta_1'", 1); }
    @Test void likeExactLength() throws Exception { assertSelects("name LIKE '_____'", 0); }
    @Test void likeEscapeUnderscore() throws Exception { assertSelects("name LIKE 'beta\\_1' ESCAPE '\\'", 1); }
    @Test void likeEscapePercent() throws Exception { assertSelects("name LIKE '%!%' ESCAPE '!'", 2); }
    @Test void likeQuote() throws Exception { assertSelects("name LIKE 'o''%'", 4); }
    @Test void notLikeExcludesNull() throws Exception { assertSelects("name NOT LIKE 'a%'", 1, 2, 4); }
    @Test void isNull() throws Exception { assertSelects("color IS NULL", 3); }
    @Test void isNotNull() throws Exception { assertSelects("color IS NOT NULL", 0, 1, 2, 4); }
    @Test void missingPropertyIsNull() throws Exception { assertSelects("nosuch IS NULL AND idx = 1", 1); }

    // ---- three-valued logic ----

    @Test void notOfUnknownIsUnknown() throws Exception { assertSelects("NOT (size > 15)", 0, 4); }
    @Test void unknownOrTrueIsTrue() throws Exception { assertSelects("size > 15 OR color IS NULL", 1, 2, 3); }
    @Test void unknownOrFalseIsUnknown() throws Exception { assertSelects("NOT (color = 'red' OR idx = 99)", 1, 2, 4); }
    @Test void unknownAndFalseIsFalse() throws Exception { assertSelects("NOT (color = 'red' AND idx = 99)", 0, 1, 2, 3, 4); }
    @Test void unknownAndTrueIsUnknown() throws Exception { assertSelects("NOT (weight > 0 AND idx >= 0)", 4); }
    @Test void andBindsTighterThanOr() throws Exception { assertSelects("size = 10 OR size = 20 AND color = 'red'", 0); }
    @Test void parenthesesOverridePrecedence() throws Exception { assertSelects("(size = 10 OR size = 20) AND color = 'blue'", 1); }

    // ---- header fields ----

    @Test void jmsPriority() throws Exception { assertSelects("JMSPriority > 5", 1, 4); }
    @Test void jmsPriorityBetween() throws Exception { assertSelects("JMSPriority BETWEEN 1 AND 4", 0, 2, 3); }
    @Test void jmsType() throws Exception { assertSelects("JMSType = 'car'", 0); }
    @Test void jmsTypeIn() throws Exception { assertSelects("JMSType IN ('car', 'bike')", 0, 1); }
    @Test void jmsCorrelationId() throws Exception { assertSelects("JMSCorrelationID = 'corr-1'", 4); }
    @Test void jmsCorrelationIdNull() throws Exception { assertSelects("JMSCorrelationID IS NULL", 0, 1, 2, 3); }
    @Test void jmsDeliveryModeNonPersistent() throws Exception { assertSelects("JMSDeliveryMode = 'NON_PERSISTENT'", 1); }
    @Test void jmsDeliveryModePersistent() throws Exception { assertSelects("JMSDeliveryMode = 'PERSISTENT'", 0, 2, 3, 4); }
    @Test void jmsTimestampPast() throws Exception { assertSelects("JMSTimestamp > 1000000000000", 0, 1, 2, 3, 4); }
    @Test void jmsTimestampFuture() throws Exception { assertSelects("JMSTimestamp > " + (System.currentTimeMillis() + 3_600_000), new Integer[0]); }

    @Test
    void jmsMessageId() throws Exception {
        // the id is only known after the send, so the fixture is sent once here and once by assertSelects
        Queue q = sendFixture();
        MessageConsumer c = session.createConsumer(q, "JMSMessageID = '" + messageIds.get(2) + "'");
        Message m = receive(c);
        assertEquals(2, m.getIntProperty("idx"));
        assertEquals(messageIds.get(2), m.getJMSMessageID());
        assertNoMessage(c);
    }

    @Test
    void jmsTimestampOfASentMessage() throws Exception {
        Queue q = sendFixture();
        MessageConsumer c = session.createConsumer(q, "JMSTimestamp <= " + timestamps.get(4) + " AND idx = 4");
        assertEquals(4, receive(c).getIntProperty("idx"));
    }

    // ---- numeric literals in Java syntax (spec 3.8.1.1) ----

    @Test void octalLiteral() throws Exception { assertSelects("size = 012 OR size = 036", 0, 2); }
    @Test void zeroIsNotOctalPrefixAlone() throws Exception { assertSelects("size * 0 = 0 AND idx = 0", 0); }
    @Test void hexLiteral() throws Exception { assertSelects("size = 0x14 OR size = 0X1E", 1, 2); }
    @Test void longSuffix() throws Exception { assertSelects("big = 1234567890123L OR size = 20l", 0, 1); }

    @Test
    void hexLiteralWithLongSuffix() throws Throwable {
        knownDeviation("artemis", "a hex literal with an L suffix (0xAL) is an invalid selector",
                () -> assertSelects("size = 0xAL", 0));
    }

    @Test
    void floatSuffix() throws Throwable {
        knownDeviation("artemis", "approximate literals with an f/F suffix are invalid selectors",
                () -> assertSelects("weight = 2.5f OR weight = 7F", 0, 1));
    }

    @Test
    void doubleSuffix() throws Throwable {
        knownDeviation("artemis", "approximate literals with a d/D suffix are invalid selectors",
                () -> assertSelects("weight = 7d OR weight = -1.5D", 1, 4));
    }

    @Test
    void exponentWithSuffix() throws Throwable {
        knownDeviation("artemis", "approximate literals with an f/F or d/D suffix are invalid selectors",
                () -> assertSelects("weight = 25e-1f OR weight = .7e1d", 0, 1));
    }

    @Test
    void octalLiteralWithDigitNineIsInvalid() throws Exception {
        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(queue(), "size = 09"));
    }

    // ---- type errors (spec 3.8.1.2: a boolean compares only with a boolean) ----

    @Test
    void booleanLiteralComparedWithNumberIsInvalid() throws Exception {
        Queue q = queue();
        for (String bad : List.of("TRUE = 0", "FALSE = 0", "TRUE <> 1", "FALSE <> 0", "TRUE = 1.0")) {
            assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, bad), bad);
        }
    }

    @Test
    void numberComparedWithBooleanLiteralIsInvalid() throws Throwable {
        Queue q = queue();
        knownDeviation("artemis", "only a boolean literal on the left of = or <> is type-checked (0 = TRUE is accepted)",
                () -> {
                    for (String bad : List.of("0 = TRUE", "1 <> FALSE", "(size > 1) = 1")) {
                        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, bad), bad);
                    }
                });
    }

    // ---- invalid selectors ----

    @Test
    void invalidSelectorsAreRejectedWhenTheConsumerIsCreated() throws Exception {
        // IN takes string literals only (spec 3.8.1.2), so "size IN (1, 2)" is invalid too
        Queue q = queue();
        for (String bad : List.of("color =", "size >>> 3", "color = 'unterminated", "NOT", "size BETWEEN 1",
                "color IN ()", "= 'x'", "size ===== 3", "(size = 1", "color LIKE", "size IS 3", "a b c",
                "color IN ('a' 'b')", "1abc = 2", "size IN (1, 2)")) {
            assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, bad), bad);
        }
    }

    @Test
    void invalidSelectorIsRejectedByBrowsers() throws Exception {
        assertThrows(InvalidSelectorException.class, () -> session.createBrowser(queue(), "color = = 'x'"));
    }

    @Test
    void selectorsLeaveOtherMessagesForOtherConsumers() throws Exception {
        Queue q = sendFixture();
        MessageConsumer blue = session.createConsumer(q, "color = 'blue'");
        MessageConsumer red = session.createConsumer(q, "color = 'red'");
        assertEquals(1, receive(blue).getIntProperty("idx"));
        assertEquals(0, receive(red).getIntProperty("idx"));
        assertNoMessage(blue);
        assertNoMessage(red);
    }
}
