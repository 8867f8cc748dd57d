package dev.fpmjms.message;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fpmjms.envelope.BodyType;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

/**
 * Reads the body of a message of another provider through the standard interfaces only, as a
 * provider must when such a message is sent (spec 3.12). BytesMessage and StreamMessage bodies
 * are read from the start after {@code reset()} and left reset (read-only, at the start).
 *
 * <p>Stateless; runs on the sending thread.
 */
final class ForeignBody {

    private ForeignBody() {
    }

    static BodyType typeOf(Message m) {
        if (m instanceof TextMessage) {
            return BodyType.TEXT;
        }
        if (m instanceof BytesMessage) {
            return BodyType.BYTES;
        }
        if (m instanceof MapMessage) {
            return BodyType.MAP;
        }
        if (m instanceof StreamMessage) {
            return BodyType.STREAM;
        }
        if (m instanceof ObjectMessage) {
            return BodyType.OBJECT;
        }
        return BodyType.NONE;
    }

    /** The body in the envelope's representation for {@code type}; arrays are fresh. */
    static Object read(Message m, BodyType type) throws JMSException {
        switch (type) {
            case TEXT:
                return ((TextMessage) m).getText();
            case BYTES:
                return readBytes((BytesMessage) m);
            case MAP:
                return readMap((MapMessage) m);
            case STREAM:
                return readStream((StreamMessage) m);
            case OBJECT: {
                Serializable object = ((ObjectMessage) m).getObject();
                return object == null ? null : ObjectBodyCodec.serialize(object);
            }
            default:
                return null;
        }
    }

    private static byte[] readBytes(BytesMessage m) throws JMSException {
        m.reset();
        long length = m.getBodyLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new MessageFormatException("foreign BytesMessage body of " + length
                    + " bytes is over the limit of " + (Integer.MAX_VALUE - 8));
        }
        byte[] body = new byte[(int) length];
        int filled = 0;
        while (filled < body.length) {
            byte[] chunk = filled == 0 ? body : new byte[body.length - filled];
            int n = m.readBytes(chunk);
            if (n <= 0) {
                throw new MessageFormatException("foreign BytesMessage ended after " + filled
                        + " bytes of the " + length + " its getBodyLength() announced");
            }
            if (chunk != body) {
                System.arraycopy(chunk, 0, body, filled, n);
            }
            filled += n;
        }
        m.reset();
        return body;
    }

    private static Map<String, Object> readMap(MapMessage m) throws JMSException {
        Map<String, Object> items = new LinkedHashMap<>();
        Enumeration<?> names = m.getMapNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            try {
                FpmMapMessage.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new MessageFormatException("foreign MapMessage: " + e.getMessage());
            }
            Object value = m.getObject(name);
            if (value != null && !JmsValueConversion.isBodyValue(value)) {
                throw new MessageFormatException("foreign MapMessage item '" + name + "' holds a "
                        + value.getClass().getName() + ", which is not a Jakarta Messaging map type");
            }
            items.put(name, value);
        }
        return items;
    }

    private static List<Object> readStream(StreamMessage m) throws JMSException {
        m.reset();
        List<Object> elements = new ArrayList<>();
        while (true) {
            Object value;
            try {
                value = m.readObject();
            } catch (MessageEOFException end) {
                break;
            }
            if (value != null && !JmsValueConversion.isBodyValue(value)) {
                throw new MessageFormatException("foreign StreamMessage element " + elements.size() + " holds a "
                        + value.getClass().getName() + ", which is not a Jakarta Messaging stream type");
            }
            elements.add(value);
        }
        m.reset();
        return elements;
    }
}
