package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Jakarta Messaging 3.1, section 3.11.3: the conversion table shared by {@code StreamMessage} and
 * {@code MapMessage}. Each written type is read back with every reader; readers outside the table
 * must throw {@code MessageFormatException}, and a failed stream read must not move the position.
 */
@DisplayName("07 Body conversions")
class BodyConversionsTest extends ConformanceTestBase {

    /** The typed readers of both message types. */
    private enum Kind { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BYTES }

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

    private static Map<Kind, Object> row(Object... kindsAndValues) {
        Map<Kind, Object> m = new EnumMap<>(Kind.class);
        for (int i = 0; i < kindsAndValues.length; i += 2) {
            m.put((Kind) kindsAndValues[i], kindsAndValues[i + 1]);
        }
        return m;
    }

    /** Written value and the readers allowed for it, per the table. */
    private static final Map<Kind, Object> WRITTEN = row(Kind.BOOLEAN, true, Kind.BYTE, (byte) 12,
            Kind.SHORT, (short) 12, Kind.CHAR, 'c', Kind.INT, 12, Kind.LONG, 12L, Kind.FLOAT, 12.5f,
            Kind.DOUBLE, 12.5d, Kind.STRING, "12", Kind.BYTES, new byte[] {1, 2});

    private static Map<Kind, Object> allowed(Kind written) {
        return switch (written) {
            case BOOLEAN -> row(Kind.BOOLEAN, true, Kind.STRING, "true");
            case BYTE -> row(Kind.BYTE, (byte) 12, Kind.SHORT, (short) 12, Kind.INT, 12, Kind.LONG, 12L, Kind.STRING, "12");
            case SHORT -> row(Kind.SHORT, (short) 12, Kind.INT, 12, Kind.LONG, 12L, Kind.STRING, "12");
            case CHAR -> row(Kind.CHAR, 'c', Kind.STRING, "c");
            case INT -> row(Kind.INT, 12, Kind.LONG, 12L, Kind.STRING, "12");
            case LONG -> row(Kind.LONG, 12L, Kind.STRING, "12");
            case FLOAT -> row(Kind.FLOAT, 12.5f, Kind.DOUBLE, 12.5d, Kind.STRING, "12.5");
            case DOUBLE -> row(Kind.DOUBLE, 12.5d, Kind.STRING, "12.5");
            case STRING -> row(Kind.BOOLEAN, false, Kind.BYTE, (byte) 12, Kind.SHORT, (short) 12, Kind.INT, 12,
                    Kind.LONG, 12L, Kind.FLOAT, 12f, Kind.DOUBLE, 12d, Kind.STRING, "12");
            case BYTES -> row(Kind.BYTES, new byte[] {1, 2});
        };
    }

    // ---- StreamMessage ----

    private static void write(StreamMessage m, Kind k, Object v) throws JMSException {
        switch (k) {
            case BOOLEAN -> m.writeBoolean((Boolean) v);
            case BYTE -> m.writeByte((Byte) v);
            case SHORT -> m.writeShort((Short) v);
            case CHAR -> m.writeChar((Character) v);
            case INT -> m.writeInt((Integer) v);
            case LONG -> m.writeLong((Long) v);
            case FLOAT -> m.writeFloat((Float) v);
            case DOUBLE -> m.writeDouble((Double) v);
            case STRING -> m.writeString((String) v);
            case BYTES -> m.writeBytes((byte[]) v);
        }
    }

    private static Object read(StreamMessage m, Kind k) throws JMSException {
        return switch (k) {
            case BOOLEAN -> m.readBoolean();
            case BYTE -> m.readByte();
            case SHORT -> m.readShort();
            case CHAR -> m.readChar();
            case INT -> m.readInt();
            case LONG -> m.readLong();
            case FLOAT -> m.readFloat();
            case DOUBLE -> m.readDouble();
            case STRING -> m.readString();
            case BYTES -> {
                byte[] buf = new byte[16];
                int n = m.readBytes(buf);
                yield java.util.Arrays.copyOf(buf, n);
            }
        };
    }

    private void assertStreamRow(Kind written) throws Exception {
        StreamMessage m = session.createStreamMessage();
        write(m, written, WRITTEN.get(written));
        m.writeString("sentinel");
        producer.send(m);
        StreamMessage r = (StreamMessage) receive(consumer);
        Map<Kind, Object> ok = allowed(written);
        List<Executable> checks = new ArrayList<>();
        for (Kind reader : Kind.values()) {
            checks.add(() -> {
                r.reset();
                if (ok.containsKey(reader)) {
                    assertValue(ok.get(reader), read(r, reader), written + " read as " + reader);
                    assertEquals("sentinel", r.readString(), "the position moved past the field");
                } else {
                    assertThrows(MessageFormatException.class, () -> read(r, reader), written + " read as " + reader);
                }
            });
        }
        assertAll(written + " row", checks);
    }

    private static void assertValue(Object expected, Object actual, String what) {
        if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual, what);
        } else {
            assertEquals(expected, actual, what);
        }
    }

    @Test void streamBoolean() throws Exception { assertStreamRow(Kind.BOOLEAN); }
    @Test void streamByte() throws Exception { assertStreamRow(Kind.BYTE); }
    @Test void streamShort() throws Exception { assertStreamRow(Kind.SHORT); }
    @Test void streamChar() throws Exception { assertStreamRow(Kind.CHAR); }
    @Test void streamInt() throws Exception { assertStreamRow(Kind.INT); }
    @Test void streamLong() throws Exception { assertStreamRow(Kind.LONG); }
    @Test void streamFloat() throws Exception { assertStreamRow(Kind.FLOAT); }
    @Test void streamDouble() throws Exception { assertStreamRow(Kind.DOUBLE); }
    @Test void streamString() throws Exception { assertStreamRow(Kind.STRING); }
    @Test void streamBytes() throws Exception { assertStreamRow(Kind.BYTES); }

    @Test
    void streamMalformedNumericStringThrowsNumberFormatException() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeString("twelve");
        producer.send(m);
        StreamMessage r = (StreamMessage) receive(consumer);
        assertThrows(NumberFormatException.class, r::readInt);
        r.reset();
        assertThrows(NumberFormatException.class, r::readDouble);
    }

    @Test
    void streamFailedReadDoesNotMoveThePosition() throws Throwable {
        StreamMessage m = session.createStreamMessage();
        m.writeString("twelve");
        m.writeBoolean(true);
        m.writeInt(7);
        producer.send(m);
        StreamMessage r = (StreamMessage) receive(consumer);
        knownDeviation("artemis", "a StreamMessage read that fails with NumberFormatException or MessageFormatException "
                + "moves the position (StreamMessage javadoc: it must not)", () -> {
                    assertThrows(NumberFormatException.class, r::readInt);
                    assertEquals("twelve", r.readString(), "re-read as another type after NumberFormatException");
                    assertThrows(MessageFormatException.class, r::readLong);
                    assertTrue(r.readBoolean(), "re-read as another type after MessageFormatException");
                    assertEquals(7, r.readInt());
                });
    }

    @Test
    void streamNullStringReadAsPrimitiveBehavesLikeValueOfNull() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeString(null);
        m.writeString(null);
        producer.send(m);
        StreamMessage r = (StreamMessage) receive(consumer);
        assertThrows(NumberFormatException.class, r::readInt, "Integer.valueOf(null)");
        assertFalse(r.readBoolean(), "Boolean.valueOf(null) is false");
    }

    // ---- MapMessage ----

    private static void set(MapMessage m, Kind k, Object v) throws JMSException {
        String n = k.name();
        switch (k) {
            case BOOLEAN -> m.setBoolean(n, (Boolean) v);
            case BYTE -> m.setByte(n, (Byte) v);
            case SHORT -> m.setShort(n, (Short) v);
            case CHAR -> m.setChar(n, (Character) v);
            case INT -> m.setInt(n, (Integer) v);
            case LONG -> m.setLong(n, (Long) v);
            case FLOAT -> m.setFloat(n, (Float) v);
            case DOUBLE -> m.setDouble(n, (Double) v);
            case STRING -> m.setString(n, (String) v);
            case BYTES -> m.setBytes(n, (byte[]) v);
        }
    }

    private static Object get(MapMessage m, String n, Kind k) throws JMSException {
        return switch (k) {
            case BOOLEAN -> m.getBoolean(n);
            case BYTE -> m.getByte(n);
            case SHORT -> m.getShort(n);
            case CHAR -> m.getChar(n);
            case INT -> m.getInt(n);
            case LONG -> m.getLong(n);
            case FLOAT -> m.getFloat(n);
            case DOUBLE -> m.getDouble(n);
            case STRING -> m.getString(n);
            case BYTES -> m.getBytes(n);
        };
    }

    private MapMessage everyMapType() throws Exception {
        MapMessage m = session.createMapMessage();
        for (Kind k : Kind.values()) {
            set(m, k, WRITTEN.get(k));
        }
        producer.send(m);
        return (MapMessage) receive(consumer);
    }

    private void assertMapRow(Kind written) throws Exception {
        MapMessage r = everyMapType();
        Map<Kind, Object> ok = allowed(written);
        List<Executable> checks = new ArrayList<>();
        for (Kind reader : Kind.values()) {
            if (ok.containsKey(reader)) {
                checks.add(() -> assertValue(ok.get(reader), get(r, written.name(), reader), written + " read as " + reader));
            } else {
                checks.add(() -> assertThrows(MessageFormatException.class, () -> get(r, written.name(), reader),
                        written + " read as " + reader));
            }
        }
        assertAll(written + " row", checks);
    }

    @Test void mapBoolean() throws Exception { assertMapRow(Kind.BOOLEAN); }
    @Test void mapByte() throws Exception { assertMapRow(Kind.BYTE); }
    @Test void mapShort() throws Exception { assertMapRow(Kind.SHORT); }
    @Test void mapChar() throws Exception { assertMapRow(Kind.CHAR); }
    @Test void mapInt() throws Exception { assertMapRow(Kind.INT); }
    @Test void mapLong() throws Exception { assertMapRow(Kind.LONG); }
    @Test void mapFloat() throws Exception { assertMapRow(Kind.FLOAT); }
    @Test void mapDouble() throws Exception { assertMapRow(Kind.DOUBLE); }
    @Test void mapString() throws Exception { assertMapRow(Kind.STRING); }
    @Test void mapBytes() throws Exception { assertMapRow(Kind.BYTES); }

    @Test
    void mapMalformedNumericStringThrowsNumberFormatException() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setString("s", "twelve");
        producer.send(m);
        MapMessage r = (MapMessage) receive(consumer);
        assertThrows(NumberFormatException.class, () -> r.getInt("s"));
        assertThrows(NumberFormatException.class, () -> r.getDouble("s"));
    }
}
