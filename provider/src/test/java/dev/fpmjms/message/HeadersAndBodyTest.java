package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

/** Headers, acknowledgement, plain and text messages, clearBody. */
class HeadersAndBodyTest {

    @Test
    void defaultsOfANewMessage() throws Exception {
        FpmMessage m = new FpmMessage();
        assertNull(m.getJMSMessageID());
        assertEquals(0, m.getJMSTimestamp());
        assertNull(m.getJMSCorrelationID());
        assertNull(m.getJMSCorrelationIDAsBytes());
        assertNull(m.getJMSReplyTo());
        assertNull(m.getJMSDestination());
        assertNull(m.getJMSType());
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(Message.DEFAULT_PRIORITY, m.getJMSPriority());
        assertEquals(0, m.getJMSExpiration());
        assertEquals(0, m.getJMSDeliveryTime());
        assertFalse(m.getJMSRedelivered());
    }

    @Test
    void everyHeaderIsStored() throws Exception {
        FpmMessage m = new FpmMessage();
        TestDestinations.TestQueue q = new TestDestinations.TestQueue("q");
        TestDestinations.TestTemporaryQueue r = new TestDestinations.TestTemporaryQueue("r");
        m.setJMSMessageID("ID:1");
        m.setJMSTimestamp(Long.MAX_VALUE);
        m.setJMSCorrelationID("corr");
        m.setJMSReplyTo(r);
        m.setJMSDestination(q);
        m.setJMSType("type");
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(9);
        m.setJMSExpiration(123);
        m.setJMSDeliveryTime(456);
        m.setJMSRedelivered(true);
        assertEquals("ID:1", m.getJMSMessageID());
        assertEquals(Long.MAX_VALUE, m.getJMSTimestamp());
        assertEquals("corr", m.getJMSCorrelationID());
        assertSame(r, m.getJMSReplyTo());
        assertSame(q, m.getJMSDestination());
        assertEquals("type", m.getJMSType());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(9, m.getJMSPriority());
        assertEquals(123, m.getJMSExpiration());
        assertEquals(456, m.getJMSDeliveryTime());
        assertTrue(m.getJMSRedelivered());
        assertTrue(m.toString().contains("ID:1"));
    }

    @Test
    void invalidPriorityAndDeliveryModeAreRefused() {
        FpmMessage m = new FpmMessage();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.setJMSPriority(10)).getMessage().contains("10"));
        assertThrows(IllegalArgumentException.class, () -> m.setJMSPriority(-1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.setJMSDeliveryMode(3)).getMessage().contains("3"));
        assertEquals(Message.DEFAULT_PRIORITY, m.getJMSPriority());
    }

    @Test
    void correlationIdBytesAreLosslessForAll256Values() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        FpmMessage m = new FpmMessage();
        m.setJMSCorrelationIDAsBytes(all);
        assertArrayEquals(all, m.getJMSCorrelationIDAsBytes());
        assertEquals(256, m.getJMSCorrelationID().length());
        assertEquals('\u00ff', m.getJMSCorrelationID().charAt(255));
        all[0] = 1;
        assertEquals(0, m.getJMSCorrelationIDAsBytes()[0], "the bytes were copied");
        m.setJMSCorrelationIDAsBytes(null);
        assertNull(m.getJMSCorrelationID());
        m.setJMSCorrelationID("abc");
        assertArrayEquals(new byte[] {'a', 'b', 'c'}, m.getJMSCorrelationIDAsBytes());
    }

    @Test
    void headersStayWritableOnAReceivedMessage() throws Exception {
        FpmMessage m = FpmMessageConverter.fromEnvelope(FpmEnvelope.builder(DestinationRef.queue("q")).deliveryCount(1).build(),
                TestDestinations.MAPPER, List.of());
        m.setJMSType("changed");
        m.setJMSCorrelationID("c");
        assertEquals("changed", m.getJMSType());
        assertEquals("c", m.getJMSCorrelationID());
    }

    @Test
    void acknowledgeRunsTheCallback() throws Exception {
        FpmMessage m = new FpmMessage();
        m.acknowledge(); // default: nothing
        AtomicInteger calls = new AtomicInteger();
        m.setAcknowledgeCallback(calls::incrementAndGet);
        m.acknowledge();
        m.acknowledge();
        assertEquals(2, calls.get());
        m.setAcknowledgeCallback(() -> {
            throw new IllegalStateException("session closed");
        });
        assertEquals("session closed", assertThrows(IllegalStateException.class, m::acknowledge).getMessage());
        m.setAcknowledgeCallback(null);
        m.acknowledge();
    }

    @Test
    void plainMessageHasNoBody() throws Exception {
        FpmMessage m = new FpmMessage();
        assertNull(m.getBody(String.class));
        assertNull(m.getBody(Map.class));
        assertTrue(m.isBodyAssignableTo(byte[].class));
        m.clearBody();
        assertEquals(BodyType.NONE, m.bodyType());
        assertNull(m.envelopeBody());
    }

    @Test
    void textMessage() throws Exception {
        FpmTextMessage m = new FpmTextMessage();
        assertNull(m.getText());
        assertNull(m.getBody(Integer.class), "no text: null for any type");
        assertTrue(m.isBodyAssignableTo(Integer.class));
        m.setText("h\u00e9llo \ud83d\ude00");
        assertEquals("h\u00e9llo \ud83d\ude00", m.getText());
        assertEquals("h\u00e9llo \ud83d\ude00", m.getBody(String.class));
        assertEquals("h\u00e9llo \ud83d\ude00", m.getBody(CharSequence.class));
        assertEquals("h\u00e9llo \ud83d\ude00", m.getBody(Object.class));
        assertTrue(m.isBodyAssignableTo(String.class));
        assertTrue(m.isBodyAssignableTo(Comparable.class));
        assertFalse(m.isBodyAssignableTo(Integer.class));
        assertFalse(m.isBodyAssignableTo(byte[].class));
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.getBody(Integer.class));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
        m.setText("");
        assertEquals("", m.getBody(String.class), "an empty text is a body");
        assertEquals("x", new FpmTextMessage("x").getText());
    }

    @Test
    void receivedTextIsReadOnlyUntilClearBodyWhichLeavesProperties() throws Exception {
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.TEXT, "in")
                .property("p", 1).deliveryCount(1).build();
        FpmTextMessage m = (FpmTextMessage) FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, List.of());
        MessageNotWriteableException e = assertThrows(MessageNotWriteableException.class, () -> m.setText("x"));
        assertTrue(e.getMessage().contains("clearBody"), e.getMessage());
        m.clearBody();
        assertNull(m.getText());
        m.setText("out");
        assertEquals("out", m.getText());
        assertEquals(1, m.getIntProperty("p"), "clearBody leaves the properties");
        assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("p", 2),
                "clearBody does not make the properties writable");
    }

    @Test
    void clearBodyOnEveryTypeEmptiesIt() throws JMSException {
        FpmTextMessage t = new FpmTextMessage("x");
        t.clearBody();
        assertNull(t.getText());
        FpmMapMessage map = new FpmMapMessage();
        map.setInt("a", 1);
        map.clearBody();
        assertFalse(map.getMapNames().hasMoreElements());
        FpmObjectMessage o = new FpmObjectMessage();
        o.setObject(1);
        o.clearBody();
        assertNull(o.getObject());
        FpmStreamMessage s = new FpmStreamMessage();
        s.writeInt(1);
        s.clearBody();
        s.reset();
        assertThrows(jakarta.jms.MessageEOFException.class, s::readObject);
        FpmBytesMessage b = new FpmBytesMessage();
        b.writeInt(1);
        b.clearBody();
        b.reset();
        assertEquals(0, b.getBodyLength());
    }
}
