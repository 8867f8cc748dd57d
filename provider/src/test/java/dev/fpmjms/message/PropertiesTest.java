package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

/** Message properties: the conversion table, missing properties, names, JMSX, read-only rules. */
class PropertiesTest {

    private static Object read(FpmMessage m, String name, ConversionTable.Read type) throws Exception {
        switch (type) {
            case BOOLEAN: return m.getBooleanProperty(name);
            case BYTE: return m.getByteProperty(name);
            case SHORT: return m.getShortProperty(name);
            case INT: return m.getIntProperty(name);
            case LONG: return m.getLongProperty(name);
            case FLOAT: return m.getFloatProperty(name);
            case DOUBLE: return m.getDoubleProperty(name);
            case STRING: return m.getStringProperty(name);
            default: throw new AssertionError(type);
        }
    }

    private static void setTyped(FpmMessage m, String name, Object v) throws Exception {
        if (v instanceof Boolean) {
            m.setBooleanProperty(name, (Boolean) v);
        } else if (v instanceof Byte) {
            m.setByteProperty(name, (Byte) v);
        } else if (v instanceof Short) {
            m.setShortProperty(name, (Short) v);
        } else if (v instanceof Integer) {
            m.setIntProperty(name, (Integer) v);
        } else if (v instanceof Long) {
            m.setLongProperty(name, (Long) v);
        } else if (v instanceof Float) {
            m.setFloatProperty(name, (Float) v);
        } else if (v instanceof Double) {
            m.setDoubleProperty(name, (Double) v);
        } else {
            m.setStringProperty(name, (String) v);
        }
    }

    @Test
    void everyCellOfTheConversionTableWithTypedAndObjectSetters() throws Exception {
        int allowed = 0;
        int refused = 0;
        for (Object stored : ConversionTable.ALLOWED.keySet()) {
            if (!ConversionTable.isPropertyType(stored)) {
                continue;
            }
            FpmMessage typed = new FpmMessage();
            setTyped(typed, "p", stored);
            FpmMessage object = new FpmMessage();
            object.setObjectProperty("p", stored);
            for (FpmMessage m : List.of(typed, object)) {
                assertEquals(stored, m.getObjectProperty("p"));
                assertSame(stored.getClass(), m.getObjectProperty("p").getClass());
                for (ConversionTable.Read type : ConversionTable.PROPERTY_READS) {
                    if (ConversionTable.checkCell(stored, type, t -> read(m, "p", t))) {
                        allowed++;
                    } else {
                        refused++;
                    }
                }
            }
        }
        // 8 stored types x 8 getters, twice: 29 allowed and 35 refused cells per message
        assertEquals(58, allowed);
        assertEquals(70, refused);
    }

    @Test
    void stringValuesConvertWithValueOf() throws Exception {
        FpmMessage m = new FpmMessage();
        m.setStringProperty("t", "true");
        m.setStringProperty("T", "TRUE");
        m.setStringProperty("x", "abc");
        m.setStringProperty("big", "300");
        m.setStringProperty("f", "-1.25e3");
        m.setStringProperty("nan", "NaN");
        assertTrue(m.getBooleanProperty("t"));
        assertTrue(m.getBooleanProperty("T"));
        assertFalse(m.getBooleanProperty("x"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("x"));
        assertThrows(NumberFormatException.class, () -> m.getLongProperty("f"));
        assertThrows(NumberFormatException.class, () -> m.getByteProperty("big"));
        assertEquals((short) 300, m.getShortProperty("big"));
        assertEquals(-1250f, m.getFloatProperty("f"));
        assertEquals(-1250d, m.getDoubleProperty("f"));
        assertTrue(Double.isNaN(m.getDoubleProperty("nan")));
        assertThrows(NumberFormatException.class, () -> m.getDoubleProperty("x"));
    }

    @Test
    void missingPropertiesReadAsValueOfNull() throws Exception {
        FpmMessage m = new FpmMessage();
        assertFalse(m.getBooleanProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getByteProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getShortProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getLongProperty("none"));
        assertThrows(NullPointerException.class, () -> m.getFloatProperty("none"));
        assertThrows(NullPointerException.class, () -> m.getDoubleProperty("none"));
        assertNull(m.getStringProperty("none"));
        assertNull(m.getObjectProperty("none"));
        assertFalse(m.propertyExists("none"));
        assertFalse(m.propertyExists(null));
        assertNull(m.getObjectProperty(null));
    }

    @Test
    void edgeValuesAreKeptExactly() throws Exception {
        FpmMessage m = new FpmMessage();
        m.setDoubleProperty("nan", Double.NaN);
        m.setDoubleProperty("negZero", -0.0d);
        m.setFloatProperty("fNegZero", -0.0f);
        m.setLongProperty("min", Long.MIN_VALUE);
        m.setStringProperty("empty", "");
        m.setStringProperty("unicode", "\u00e9\u4e2d\ud83d\ude00\u0000");
        assertTrue(Double.isNaN(m.getDoubleProperty("nan")));
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(m.getDoubleProperty("negZero")));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(m.getFloatProperty("fNegZero")));
        assertEquals(Long.MIN_VALUE, m.getLongProperty("min"));
        assertEquals("-9223372036854775808", m.getStringProperty("min"));
        assertEquals("", m.getStringProperty("empty"));
        assertTrue(m.propertyExists("empty"));
        assertEquals("\u00e9\u4e2d\ud83d\ude00\u0000", m.getStringProperty("unicode"));
    }

    @Test
    void namesAreListedInOrderAndOverwritingKeepsOneEntry() throws Exception {
        FpmMessage m = new FpmMessage();
        m.setIntProperty("b", 1);
        m.setStringProperty("a", "x");
        m.setLongProperty("b", 2L);
        assertEquals(List.of("b", "a"), Collections.list(m.getPropertyNames()));
        assertEquals(2L, m.getObjectProperty("b"));
        assertThrows(MessageFormatException.class, () -> m.getIntProperty("b"));
    }

    @Test
    void nullValueRemovesTheProperty() throws Exception {
        FpmMessage m = new FpmMessage();
        m.setStringProperty("s", "v");
        m.setStringProperty("s", null);
        assertFalse(m.propertyExists("s"));
        m.setIntProperty("o", 1);
        m.setObjectProperty("o", null);
        assertFalse(m.propertyExists("o"));
        assertFalse(m.getPropertyNames().hasMoreElements());
    }

    @Test
    void objectPropertyRefusesOtherTypes() {
        FpmMessage m = new FpmMessage();
        for (Object bad : List.of(new Object(), 'c', new byte[1], new java.math.BigDecimal("1"), new ArrayList<>())) {
            MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.setObjectProperty("p", bad));
            assertTrue(e.getMessage().contains("'p'"), e.getMessage());
            assertFalse(m.propertyExists("p"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_x", "$y", "a1", "camelCase", "\u00e9t\u00e9", "JMSXGroupID", "JMSXGroupSeq",
            "JMSXUserID", "JMSXAppID", "nulls", "ANDROID", "isValid", "In1", "JM", "jms_lower"})
    void validNamesAreAccepted(String name) throws Exception {
        FpmMessage m = new FpmMessage();
        m.setStringProperty(name, "v");
        assertEquals("v", m.getStringProperty(name));
        assertTrue(m.propertyExists(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1a", "a-b", "a b", "a.b", "", " ", "a+", "#x", "NULL", "null", "True", "FALSE", "NOT",
            "and", "Or", "BETWEEN", "like", "IN", "is", "ESCAPE", "JMSType", "JMSMessageID", "JMS_FPM_Status",
            "JMSXDeliveryCount", "JMSXRcvTimestamp", "JMSXState", "JMSfoo"})
    void invalidNamesAreRefusedWithIllegalArgumentNamingThem(String name) {
        FpmMessage m = new FpmMessage();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setIntProperty(name, 1));
        assertTrue(name.isEmpty() ? e.getMessage().contains("empty") : e.getMessage().contains("'" + name + "'")
                || e.getMessage().contains(name), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.setObjectProperty(name, "x"));
        assertFalse(m.getPropertyNames().hasMoreElements());
    }

    @Test
    void nullNameIsIllegal() {
        FpmMessage m = new FpmMessage();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setBooleanProperty(null, true));
        assertTrue(e.getMessage().contains("null"));
    }

    @Test
    void deliveryCountIsProvidedByTheEnvelopeAndListed() throws Exception {
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q"))
                .property("a", 1).deliveryCount(3).redelivered(true).build();
        FpmMessage m = FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, List.of());
        assertEquals(3, m.getIntProperty("JMSXDeliveryCount"));
        assertEquals(3L, m.getLongProperty("JMSXDeliveryCount"));
        assertEquals("3", m.getStringProperty("JMSXDeliveryCount"));
        assertEquals(3, m.getObjectProperty("JMSXDeliveryCount"));
        assertTrue(m.propertyExists("JMSXDeliveryCount"));
        assertEquals(3, m.getDeliveryCount());
        assertEquals(List.of("a", "JMSXDeliveryCount"), Collections.list(m.getPropertyNames()));
        assertThrows(MessageFormatException.class, () -> m.getShortProperty("JMSXDeliveryCount"));

        m.clearProperties();
        assertFalse(m.propertyExists("a"));
        assertEquals(3, m.getIntProperty("JMSXDeliveryCount"), "describes the delivery, survives clearProperties");
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("JMSXDeliveryCount", 9));
    }

    @Test
    void undeliveredMessageHasNoDeliveryCount() throws Exception {
        FpmMessage m = new FpmMessage();
        assertFalse(m.propertyExists("JMSXDeliveryCount"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("JMSXDeliveryCount"));
        assertEquals(0, m.getDeliveryCount());
    }

    @Test
    void receivedPropertiesAreReadOnlyUntilCleared() throws Exception {
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q")).property("p", "v").deliveryCount(1).build();
        FpmMessage m = FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, List.of());
        assertThrows(MessageNotWriteableException.class, () -> m.setBooleanProperty("p", true));
        assertThrows(MessageNotWriteableException.class, () -> m.setByteProperty("p", (byte) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setShortProperty("p", (short) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("p", 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setLongProperty("p", 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setFloatProperty("p", 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setDoubleProperty("p", 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setStringProperty("p", "w"));
        assertThrows(MessageNotWriteableException.class, () -> m.setObjectProperty("p", "w"));
        assertEquals("v", m.getStringProperty("p"));
        assertEquals(Map.of("p", "v"), env.properties(), "the envelope is untouched");

        m.clearProperties();
        assertNull(m.getObjectProperty("p"));
        m.setStringProperty("p", "w");
        assertEquals("w", m.getStringProperty("p"));
        assertEquals(Map.of("p", "v"), env.properties(), "the envelope is untouched");
    }

    @Test
    void clearPropertiesOnANewMessageEmptiesIt() throws Exception {
        FpmTextMessage m = new FpmTextMessage("body");
        m.setIntProperty("a", 1);
        m.clearProperties();
        assertFalse(m.getPropertyNames().hasMoreElements());
        assertEquals("body", m.getText(), "clearProperties leaves the body alone");
    }
}
