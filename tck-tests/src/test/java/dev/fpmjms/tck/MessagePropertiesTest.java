package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Jakarta Messaging 3.1, section 3.5: message properties. */
@DisplayName("05 Message properties")
class MessagePropertiesTest extends ConformanceTestBase {

    private Session session;
    private MessageProducer producer;
    private MessageConsumer consumer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        Queue queue = queue();
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
    }

    private Message roundTrip(Message m) throws Exception {
        producer.send(m);
        return receive(consumer);
    }

    private Message withAllTypes() throws JMSException {
        Message m = session.createMessage();
        m.setBooleanProperty("aBoolean", true);
        m.setByteProperty("aByte", (byte) -7);
        m.setShortProperty("aShort", (short) 31000);
        m.setIntProperty("anInt", -2_000_000_000);
        m.setLongProperty("aLong", Long.MIN_VALUE + 1);
        m.setFloatProperty("aFloat", 3.25f);
        m.setDoubleProperty("aDouble", -1.0e300);
        m.setStringProperty("aString", "h\u00e9llo \u4e16\u754c \ud83d\ude00");
        m.setStringProperty("emptyString", "");
        return m;
    }

    @Test
    void everyPropertyTypeRoundTrips() throws Exception {
        Message r = roundTrip(withAllTypes());
        assertAll(
                () -> assertTrue(r.getBooleanProperty("aBoolean")),
                () -> assertEquals((byte) -7, r.getByteProperty("aByte")),
                () -> assertEquals((short) 31000, r.getShortProperty("aShort")),
                () -> assertEquals(-2_000_000_000, r.getIntProperty("anInt")),
                () -> assertEquals(Long.MIN_VALUE + 1, r.getLongProperty("aLong")),
                () -> assertEquals(3.25f, r.getFloatProperty("aFloat")),
                () -> assertEquals(-1.0e300, r.getDoubleProperty("aDouble")),
                () -> assertEquals("h\u00e9llo \u4e16\u754c \ud83d\ude00", r.getStringProperty("aString")),
                () -> assertEquals("", r.getStringProperty("emptyString")));
    }

    @Test
    void objectPropertyKeepsTheJavaTypeAcrossSend() throws Exception {
        Message r = roundTrip(withAllTypes());
        assertAll(
                () -> assertEquals(Boolean.TRUE, r.getObjectProperty("aBoolean")),
                () -> assertEquals(Byte.valueOf((byte) -7), r.getObjectProperty("aByte")),
                () -> assertEquals(Short.valueOf((short) 31000), r.getObjectProperty("aShort")),
                () -> assertEquals(Integer.valueOf(-2_000_000_000), r.getObjectProperty("anInt")),
                () -> assertEquals(Long.valueOf(Long.MIN_VALUE + 1), r.getObjectProperty("aLong")),
                () -> assertEquals(Float.valueOf(3.25f), r.getObjectProperty("aFloat")),
                () -> assertEquals(Double.valueOf(-1.0e300), r.getObjectProperty("aDouble")),
                () -> assertEquals("h\u00e9llo \u4e16\u754c \ud83d\ude00", r.getObjectProperty("aString")));
    }

    @Test
    void extremeNumericValuesRoundTrip() throws Exception {
        Message m = session.createMessage();
        m.setLongProperty("maxLong", Long.MAX_VALUE);
        m.setIntProperty("minInt", Integer.MIN_VALUE);
        m.setDoubleProperty("nan", Double.NaN);
        m.setDoubleProperty("inf", Double.POSITIVE_INFINITY);
        m.setFloatProperty("tiny", Float.MIN_VALUE);
        m.setByteProperty("maxByte", Byte.MAX_VALUE);
        Message r = roundTrip(m);
        assertAll(
                () -> assertEquals(Long.MAX_VALUE, r.getLongProperty("maxLong")),
                () -> assertEquals(Integer.MIN_VALUE, r.getIntProperty("minInt")),
                () -> assertTrue(Double.isNaN(r.getDoubleProperty("nan"))),
                () -> assertEquals(Double.POSITIVE_INFINITY, r.getDoubleProperty("inf")),
                () -> assertEquals(Float.MIN_VALUE, r.getFloatProperty("tiny")),
                () -> assertEquals(Byte.MAX_VALUE, r.getByteProperty("maxByte")));
    }

    @Test
    void setObjectPropertyAcceptsEveryWrapperType() throws Exception {
        Message m = session.createMessage();
        Map<String, Object> values = Map.of("b", Boolean.FALSE, "y", (byte) 1, "s", (short) 2, "i", 3,
                "l", 4L, "f", 5.5f, "d", 6.5, "t", "seven");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            m.setObjectProperty(e.getKey(), e.getValue());
        }
        Message r = roundTrip(m);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            assertEquals(e.getValue(), r.getObjectProperty(e.getKey()), e.getKey());
        }
    }

    @Test
    void setObjectPropertyRejectsOtherTypes() throws Exception {
        Message m = session.createMessage();
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("o", new Object()));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("l", new ArrayList<>()));
    }

    @Test
    void setObjectPropertyRejectsCharacterAndByteArray() throws Throwable {
        Message m = session.createMessage();
        knownDeviation("artemis", "setObjectProperty accepts Character and byte[], which are no property types (spec 3.5.3)",
                () -> assertAll(
                        () -> assertThrows(MessageFormatException.class, () -> m.setObjectProperty("c", 'c')),
                        () -> assertThrows(MessageFormatException.class, () -> m.setObjectProperty("a", new byte[] {1}))));
    }

    @Test
    void nullOrEmptyNameIsRejected() throws Exception {
        Message m = session.createMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setStringProperty(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> m.setStringProperty("", "v"));
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("", 1));
        assertThrows(IllegalArgumentException.class, () -> m.setObjectProperty(null, 1));
    }

    @Test
    void propertyNamesMustBeSelectorIdentifiers() throws Throwable {
        Message m = session.createMessage();
        knownDeviation("artemis", "accepts property names that are not selector identifiers (spec 3.5.1)", () -> {
            for (String bad : List.of("1abc", "with space", "a-b", "NULL", "TRUE", "AND", "BETWEEN", "ESCAPE")) {
                assertThrows(Exception.class, () -> m.setStringProperty(bad, "v"), "name '" + bad + "'");
            }
        });
    }

    @Test
    void identifierLikeNamesAreAccepted() throws Exception {
        Message m = session.createMessage();
        m.setIntProperty("_under", 1);
        m.setIntProperty("$dollar", 2);
        m.setIntProperty("caf\u00e9", 3);
        m.setIntProperty("a1b2", 4);
        Message r = roundTrip(m);
        assertEquals(1, r.getIntProperty("_under"));
        assertEquals(2, r.getIntProperty("$dollar"));
        assertEquals(3, r.getIntProperty("caf\u00e9"));
        assertEquals(4, r.getIntProperty("a1b2"));
    }

    @Test
    void propertyNamesAreCaseSensitive() throws Exception {
        Message m = session.createMessage();
        m.setStringProperty("key", "lower");
        m.setStringProperty("KEY", "upper");
        Message r = roundTrip(m);
        assertEquals("lower", r.getStringProperty("key"));
        assertEquals("upper", r.getStringProperty("KEY"));
        assertNull(r.getStringProperty("Key"));
    }

    @Test
    void settingAgainReplacesValueAndType() throws Exception {
        Message m = session.createMessage();
        m.setIntProperty("p", 1);
        m.setStringProperty("p", "now a string");
        Message r = roundTrip(m);
        assertEquals("now a string", r.getObjectProperty("p"));
    }

    @Test
    void propertyExistsAndPropertyNames() throws Exception {
        Message r = roundTrip(withAllTypes());
        assertTrue(r.propertyExists("anInt"));
        assertFalse(r.propertyExists("missing"));
        Set<String> names = new HashSet<>();
        for (Object n : Collections.list(r.getPropertyNames())) {
            names.add((String) n);
        }
        assertTrue(names.containsAll(Set.of("aBoolean", "aByte", "aShort", "anInt", "aLong", "aFloat",
                "aDouble", "aString", "emptyString")), "getPropertyNames lists every property: " + names);
        for (String header : List.of("JMSMessageID", "JMSTimestamp", "JMSPriority", "JMSDestination",
                "JMSDeliveryMode", "JMSExpiration", "JMSType", "JMSCorrelationID")) {
            assertFalse(names.contains(header), "getPropertyNames does not list the header " + header);
        }
    }

    @Test
    void missingPropertiesConvertLikeValueOfNull() throws Exception {
        Message m = session.createMessage();
        assertAll(
                () -> assertNull(m.getStringProperty("missing")),
                () -> assertNull(m.getObjectProperty("missing")),
                () -> assertFalse(m.getBooleanProperty("missing"), "Boolean.valueOf(null) is false"),
                () -> assertThrows(NumberFormatException.class, () -> m.getByteProperty("missing")),
                () -> assertThrows(NumberFormatException.class, () -> m.getShortProperty("missing")),
                () -> assertThrows(NumberFormatException.class, () -> m.getIntProperty("missing")),
                () -> assertThrows(NumberFormatException.class, () -> m.getLongProperty("missing")),
                () -> assertThrows(NullPointerException.class, () -> m.getFloatProperty("missing")),
                () -> assertThrows(NullPointerException.class, () -> m.getDoubleProperty("missing")));
    }

    // ---- conversion table, section 3.5.4: a row per type a property is set as ----

    private enum Getter { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING }

    private static Object get(Message m, String name, Getter g) throws JMSException {
        return switch (g) {
            case BOOLEAN -> m.getBooleanProperty(name);
            case BYTE -> m.getByteProperty(name);
            case SHORT -> m.getShortProperty(name);
            case INT -> m.getIntProperty(name);
            case LONG -> m.getLongProperty(name);
            case FLOAT -> m.getFloatProperty(name);
            case DOUBLE -> m.getDoubleProperty(name);
            case STRING -> m.getStringProperty(name);
        };
    }

    /** Checks every getter on property {@code p}: those in {@code allowed} give the value, the others throw. */
    private void assertConversions(Message m, Map<Getter, Object> allowed) {
        List<Executable> checks = new ArrayList<>();
        for (Getter g : Getter.values()) {
            if (allowed.containsKey(g)) {
                checks.add(() -> assertEquals(allowed.get(g), get(m, "p", g), "get" + g + " converts"));
            } else {
                checks.add(() -> assertThrows(MessageFormatException.class, () -> get(m, "p", g),
                        "get" + g + " is not a valid conversion"));
            }
        }
        assertAll(checks);
    }

    private Message sentWith(PropertySetter setter) throws Exception {
        Message m = session.createMessage();
        setter.set(m);
        return roundTrip(m);
    }

    @FunctionalInterface
    private interface PropertySetter {
        void set(Message m) throws JMSException;
    }

    @Test
    void booleanConvertsToStringOnly() throws Exception {
        assertConversions(sentWith(m -> m.setBooleanProperty("p", true)),
                Map.of(Getter.BOOLEAN, true, Getter.STRING, "true"));
    }

    @Test
    void byteConvertsToWiderIntegersAndString() throws Exception {
        assertConversions(sentWith(m -> m.setByteProperty("p", (byte) 12)), Map.of(Getter.BYTE, (byte) 12,
                Getter.SHORT, (short) 12, Getter.INT, 12, Getter.LONG, 12L, Getter.STRING, "12"));
    }

    @Test
    void shortConvertsToWiderIntegersAndString() throws Exception {
        assertConversions(sentWith(m -> m.setShortProperty("p", (short) 1234)), Map.of(Getter.SHORT, (short) 1234,
                Getter.INT, 1234, Getter.LONG, 1234L, Getter.STRING, "1234"));
    }

    @Test
    void intConvertsToLongAndString() throws Exception {
        assertConversions(sentWith(m -> m.setIntProperty("p", 123456)),
                Map.of(Getter.INT, 123456, Getter.LONG, 123456L, Getter.STRING, "123456"));
    }

    @Test
    void longConvertsToStringOnly() throws Exception {
        assertConversions(sentWith(m -> m.setLongProperty("p", 1234567890123L)),
                Map.of(Getter.LONG, 1234567890123L, Getter.STRING, "1234567890123"));
    }

    @Test
    void floatConvertsToDoubleAndString() throws Exception {
        assertConversions(sentWith(m -> m.setFloatProperty("p", 1.5f)),
                Map.of(Getter.FLOAT, 1.5f, Getter.DOUBLE, 1.5d, Getter.STRING, "1.5"));
    }

    @Test
    void doubleConvertsToStringOnly() throws Exception {
        assertConversions(sentWith(m -> m.setDoubleProperty("p", 2.25d)),
                Map.of(Getter.DOUBLE, 2.25d, Getter.STRING, "2.25"));
    }

    @Test
    void numericStringConvertsToEveryType() throws Exception {
        Message r = sentWith(m -> m.setStringProperty("p", "12"));
        assertAll(
                () -> assertFalse(r.getBooleanProperty("p"), "Boolean.valueOf(\"12\") is false"),
                () -> assertEquals((byte) 12, r.getByteProperty("p")),
                () -> assertEquals((short) 12, r.getShortProperty("p")),
                () -> assertEquals(12, r.getIntProperty("p")),
                () -> assertEquals(12L, r.getLongProperty("p")),
                () -> assertEquals(12f, r.getFloatProperty("p")),
                () -> assertEquals(12d, r.getDoubleProperty("p")),
                () -> assertEquals("12", r.getStringProperty("p")));
    }

    @Test
    void booleanStringConvertsToBoolean() throws Exception {
        Message r = sentWith(m -> {
            m.setStringProperty("t", "true");
            m.setStringProperty("T", "TRUE");
            m.setStringProperty("f", "false");
        });
        assertTrue(r.getBooleanProperty("t"));
        assertTrue(r.getBooleanProperty("T"), "Boolean.valueOf is case-insensitive");
        assertFalse(r.getBooleanProperty("f"));
    }

    @Test
    void malformedNumericStringThrowsNumberFormatException() throws Exception {
        Message r = sentWith(m -> m.setStringProperty("p", "not a number"));
        assertAll(
                () -> assertThrows(NumberFormatException.class, () -> r.getByteProperty("p")),
                () -> assertThrows(NumberFormatException.class, () -> r.getShortProperty("p")),
                () -> assertThrows(NumberFormatException.class, () -> r.getIntProperty("p")),
                () -> assertThrows(NumberFormatException.class, () -> r.getLongProperty("p")),
                () -> assertThrows(NumberFormatException.class, () -> r.getFloatProperty("p")),
                () -> assertThrows(NumberFormatException.class, () -> r.getDoubleProperty("p")));
    }

    @Test
    void conversionsApplyBeforeSendToo() throws Exception {
        Message m = session.createMessage();
        m.setByteProperty("p", (byte) 5);
        assertEquals(5L, m.getLongProperty("p"));
        assertThrows(MessageFormatException.class, () -> m.getFloatProperty("p"));
    }

    // ---- read-only after receive, clearProperties ----

    @Test
    void propertiesOfAReceivedMessageAreReadOnly() throws Exception {
        Message r = roundTrip(withAllTypes());
        assertAll(
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setStringProperty("n", "v")),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setIntProperty("anInt", 1)),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setBooleanProperty("n", true)),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setByteProperty("n", (byte) 1)),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setShortProperty("n", (short) 1)),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setLongProperty("n", 1L)),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setFloatProperty("n", 1f)),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setDoubleProperty("n", 1d)),
                () -> assertThrows(MessageNotWriteableException.class, () -> r.setObjectProperty("n", 1)));
        assertEquals(-2_000_000_000, r.getIntProperty("anInt"), "the failed set changed nothing");
    }

    @Test
    void clearPropertiesRemovesAllAndMakesThemWritable() throws Exception {
        Message r = roundTrip(withAllTypes());
        r.clearProperties();
        assertFalse(r.propertyExists("anInt"));
        assertNull(r.getObjectProperty("aString"));
        r.setStringProperty("fresh", "yes");
        assertEquals("yes", r.getStringProperty("fresh"));
    }

    @Test
    void clearPropertiesLeavesHeadersAndBody() throws Exception {
        TextMessage m = session.createTextMessage("body");
        m.setJMSType("kind");
        m.setStringProperty("p", "v");
        m.clearProperties();
        assertEquals("body", m.getText());
        assertEquals("kind", m.getJMSType());
        TextMessage r = (TextMessage) roundTrip(m);
        assertEquals("body", r.getText());
        assertFalse(r.propertyExists("p"));
    }

    @Test
    void changingAMessageAfterSendDoesNotChangeTheSentMessage() throws Exception {
        TextMessage m = session.createTextMessage("original");
        m.setStringProperty("p", "original");
        producer.send(m);
        m.setText("changed");
        m.setStringProperty("p", "changed");
        TextMessage r = (TextMessage) receive(consumer);
        assertEquals("original", r.getText());
        assertEquals("original", r.getStringProperty("p"));
    }

    // ---- JMSX properties, section 3.5.9 ----

    @Test
    void connectionMetaDataListsTheMandatoryJmsxProperties() throws Exception {
        Set<String> names = new HashSet<>();
        for (Object n : Collections.list(startedConnection().getMetaData().getJMSXPropertyNames())) {
            names.add((String) n);
        }
        assertTrue(names.containsAll(Set.of("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount")),
                "JMSXGroupID, JMSXGroupSeq and JMSXDeliveryCount are supported: " + names);
    }

    @Test
    void deliveryCountIsOneOnFirstDelivery() throws Exception {
        Message r = roundTrip(session.createMessage());
        assertEquals(1, r.getIntProperty("JMSXDeliveryCount"));
        assertInstanceOf(Integer.class, r.getObjectProperty("JMSXDeliveryCount"), "JMSXDeliveryCount is an int");
    }

    @Test
    void groupIdAndSequenceSetByTheClientRoundTrip() throws Exception {
        Message m = session.createMessage();
        m.setStringProperty("JMSXGroupID", "group-1");
        m.setIntProperty("JMSXGroupSeq", 3);
        Message r = roundTrip(m);
        assertEquals("group-1", r.getStringProperty("JMSXGroupID"));
        assertEquals(3, r.getIntProperty("JMSXGroupSeq"));
    }

    @Test
    void propertiesSurviveEveryMessageType() throws Exception {
        List<Message> kinds = List.of(session.createMessage(), session.createTextMessage("t"),
                session.createBytesMessage(), session.createMapMessage(), session.createStreamMessage(),
                session.createObjectMessage("o"));
        for (Message m : kinds) {
            m.setStringProperty("kind", m.getClass().getSimpleName());
            m.setLongProperty("n", 77L);
            producer.send(m);
        }
        for (Message m : kinds) {
            Message r = receive(consumer);
            assertEquals(m.getStringProperty("kind"), r.getStringProperty("kind"));
            assertEquals(77L, r.getLongProperty("n"));
        }
    }
}
