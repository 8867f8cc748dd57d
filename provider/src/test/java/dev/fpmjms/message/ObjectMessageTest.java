package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.ObjectMessageLimits;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

/** ObjectMessage: serialize on set, allow-list on get, getBody/isBodyAssignableTo. */
class ObjectMessageTest {

    /** A test type outside the default allow-list. */
    record Order(String id, int quantity) implements Serializable {
    }

    interface Greeter extends Serializable {
        String greet();
    }

    static final class Box implements Serializable {
        Object content;

        Box(Object content) {
            this.content = content;
        }
    }

    private static FpmObjectMessage received(Serializable object, List<String> allowList) throws Exception {
        FpmObjectMessage sender = new FpmObjectMessage(List.of("*"));
        sender.setObject(object);
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q"))
                .body(BodyType.OBJECT, sender.envelopeBody()).deliveryCount(1).build();
        return (FpmObjectMessage) FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, allowList);
    }

    @Test
    void objectIsSerializedWhenSet() throws Exception {
        FpmObjectMessage m = new FpmObjectMessage();
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        m.setObject(list);
        list.add("b");
        assertEquals(List.of("a"), m.getObject(), "later changes to the object do not reach the message");
        assertNotSame(m.getObject(), m.getObject(), "each get deserializes a new copy");
    }

    @Test
    void defaultAllowListIsTheConfigDefault() throws Exception {
        FpmObjectMessage m = new FpmObjectMessage();
        assertEquals(FpmConfig.DEFAULT_OBJECT_ALLOW_LIST, m.getAllowList());
        m.setObject(new BigDecimal("1.50"));
        assertEquals(new BigDecimal("1.50"), m.getObject());
        m.setObject(new java.util.concurrent.ConcurrentHashMap<>(Map.of("k", 1)));
        assertEquals(Map.of("k", 1), m.getObject(), "a package entry allows its subpackages");
        m.setObject(new int[] {1, 2});
        assertEquals(2, ((int[]) m.getObject()).length, "primitive arrays are always allowed");
        m.setObject(new String[][] {{"x"}});
        assertEquals("x", ((String[][]) m.getObject())[0][0], "arrays are judged by their component");
    }

    @Test
    void classOutsideTheAllowListIsRefusedNamingClassAndSetting() throws Exception {
        FpmObjectMessage m = received(new Order("o1", 3), List.of("java.lang", "java.util"));
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        assertTrue(e.getMessage().contains(Order.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("objectMessageAllowList"), e.getMessage());
        assertFalse(m.isBodyAssignableTo(Serializable.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(Serializable.class));
    }

    @Test
    void nestedClassOutsideTheListIsRefusedToo() throws Exception {
        FpmObjectMessage m = received(new Box(new Order("o", 1)), List.of(Box.class.getName()));
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        assertTrue(e.getMessage().contains(Order.class.getName()), e.getMessage());
        FpmObjectMessage arrays = received(new Order[] {new Order("o", 1)}, List.of("java"));
        assertTrue(assertThrows(MessageFormatException.class, arrays::getObject).getMessage()
                .contains(Order.class.getName()));
    }

    @Test
    void classAllowedByNameOrPackage() throws Exception {
        Order order = new Order("o1", 3);
        assertEquals(order, received(order, List.of(Order.class.getName())).getObject());
        assertEquals(order, received(order, List.of("dev.fpmjms")).getObject());
        assertEquals(order, received(order, List.of("dev.fpmjms.message")).getObject());
        assertThrows(MessageFormatException.class, () -> received(order, List.of("dev.fpm")).getObject(),
                "a prefix that is not a whole package does not match");
    }

    @Test
    void starAllowsEverything() throws Exception {
        Order order = new Order("o2", 1);
        FpmObjectMessage m = received(order, List.of("*"));
        assertEquals(order, m.getObject());
        assertEquals(order, m.getBody(Order.class));
        assertEquals(order, m.getBody(Record.class));
        assertTrue(m.isBodyAssignableTo(Order.class));
        assertFalse(m.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
    }

    static final class Handler implements InvocationHandler, Serializable {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            return "hi";
        }
    }

    @Test
    void proxiesAreJudgedByTheirInterfaces() throws Exception {
        Greeter proxy = (Greeter) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Greeter.class},
                new Handler());
        FpmObjectMessage m = new FpmObjectMessage(List.of("java.lang"));
        m.setObject(proxy);
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        assertTrue(e.getMessage().contains(Greeter.class.getName()), e.getMessage());
        FpmObjectMessage allowed = new FpmObjectMessage(List.of("java.lang", "dev.fpmjms.message"));
        allowed.setObject(proxy);
        assertEquals("hi", ((Greeter) allowed.getObject()).greet());
    }

    @Test
    void unserializableObjectIsAFormatError() {
        FpmObjectMessage m = new FpmObjectMessage();
        MessageFormatException e = assertThrows(MessageFormatException.class,
                () -> m.setObject(new Box(new Object())));
        assertTrue(e.getMessage().contains(Box.class.getName()), e.getMessage());
    }

    @Test
    void corruptBytesAreAFormatError() {
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q"))
                .body(BodyType.OBJECT, new byte[] {1, 2, 3}).deliveryCount(1).build();
        FpmObjectMessage m = (FpmObjectMessage) FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, List.of("*"));
        assertThrows(MessageFormatException.class, m::getObject);
        assertFalse(m.isBodyAssignableTo(Object.class));
    }

    @Test
    void nullObject() throws JMSException {
        FpmObjectMessage m = new FpmObjectMessage();
        assertNull(m.getObject());
        assertNull(m.getBody(String.class), "no body: null for any type");
        assertTrue(m.isBodyAssignableTo(Integer.class));
        m.setObject("x");
        m.setObject(null);
        assertNull(m.getObject());
        assertNull(m.envelopeBody());
    }

    @Test
    void receivedObjectIsReadOnlyUntilClearBody() throws Exception {
        FpmObjectMessage m = received("text", List.of("java.lang"));
        assertEquals("text", m.getObject());
        byte[] wire = (byte[]) m.envelopeBody();
        assertThrows(MessageNotWriteableException.class, () -> m.setObject("other"));
        m.clearBody();
        assertNull(m.getObject());
        m.setObject(7);
        assertEquals(7, m.getBody(Integer.class));
        assertEquals(7, m.getBody(Number.class));
        assertEquals(7, m.getBody(Serializable.class));
        assertEquals("text", ObjectBodyCodec.deserialize(wire, List.of("*")), "the envelope's bytes were not touched");
    }

    /** {@code new byte[0]} serialized (27 bytes), its length field then set to 0x7ffffff0. */
    private static byte[] hugeByteArrayClaim() throws Exception {
        FpmObjectMessage m = new FpmObjectMessage();
        m.setObject(new byte[0]);
        byte[] stream = ((byte[]) m.envelopeBody()).clone();
        assertEquals(27, stream.length);
        java.nio.ByteBuffer.wrap(stream).putInt(23, 0x7ffffff0);
        return stream;
    }

    private static FpmObjectMessage receivedBytes(byte[] stream, ObjectMessageLimits limits) {
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.OBJECT, stream).deliveryCount(1).build();
        return (FpmObjectMessage) FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER,
                FpmConfig.DEFAULT_OBJECT_ALLOW_LIST, limits);
    }

    @Test
    @Timeout(30)
    void aFewBytesClaimingAHugeArrayAreRefusedBeforeAllocating() throws Exception {
        byte[] stream = hugeByteArrayClaim();
        MessageFormatException e = assertThrows(MessageFormatException.class,
                () -> receivedBytes(stream, ObjectMessageLimits.DEFAULT).getObject());
        assertTrue(e.getMessage().contains("an array of 2147483632 elements exceeds objectMessageMaxArrayLength (16777216)"),
                e.getMessage());
        // With the configured limit out of the way, the stream's own size still bounds the claim.
        ObjectMessageLimits unlimited = ObjectMessageLimits.DEFAULT.withMaxArrayLength(Integer.MAX_VALUE);
        e = assertThrows(MessageFormatException.class, () -> receivedBytes(stream, unlimited).getObject());
        assertTrue(e.getMessage().contains("more than a stream of 27 bytes can hold"), e.getMessage());
        assertFalse(receivedBytes(stream, unlimited).isBodyAssignableTo(byte[].class));
    }

    /** Sets nested {@code depth} deep, two per level, each pair in both sets of the level above. */
    private static Set<Object> nestedSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> t1 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> s2 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t2.add("t");
            s1.add(s2);
            s1.add(t2);
            t1.add(s2);
            t1.add(t2);
            s1 = s2;
            t1 = t2;
        }
        return root;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void setsNestedAHundredDeepAreRefusedByDepthInsteadOfSpinning() throws Exception {
        FpmObjectMessage m = received((Serializable) nestedSets(100), FpmConfig.DEFAULT_OBJECT_ALLOW_LIST);
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        assertTrue(e.getMessage().contains("nesting depth 21 exceeds objectMessageMaxDepth (20)"), e.getMessage());
        // Within the depth limit the same shape reads back (2^10 hash codes).
        Object small = received((Serializable) nestedSets(9), FpmConfig.DEFAULT_OBJECT_ALLOW_LIST).getObject();
        assertTrue(small instanceof HashSet);
    }

    @Test
    void referencesAndStreamBytesAreLimitedNamingTheSetting() throws Exception {
        ArrayList<Integer> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(1000 + i);
        }
        FpmObjectMessage sender = new FpmObjectMessage();
        sender.setObject(many);
        byte[] stream = (byte[]) sender.envelopeBody();
        MessageFormatException e = assertThrows(MessageFormatException.class,
                () -> receivedBytes(stream, ObjectMessageLimits.DEFAULT.withMaxReferences(50)).getObject());
        assertTrue(e.getMessage().contains("exceed objectMessageMaxReferences (50)"), e.getMessage());
        e = assertThrows(MessageFormatException.class,
                () -> receivedBytes(stream, ObjectMessageLimits.DEFAULT.withMaxStreamBytes(64)).getObject());
        assertTrue(e.getMessage().contains("exceeds objectMessageMaxBytes (64 bytes)"), e.getMessage());
        assertEquals(many, receivedBytes(stream, ObjectMessageLimits.DEFAULT).getObject());
    }
}
