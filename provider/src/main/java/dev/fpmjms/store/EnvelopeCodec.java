package dev.fpmjms.store;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact, versioned binary form of {@link FpmEnvelope}: every header, the typed properties and
 * every body type, lossless (strings with unpaired surrogates, NaN payloads and {@code null}
 * stream elements included).
 *
 * <pre>
 * struct envelope_v1 {
 *   uint8   version;            // 1
 *   uint8   flags;              // 1 persistent, 2 redelivered
 *   uint8   priority;           // 0..9
 *   uint8   body_type;          // BodyType code, see bodyCode()
 *   zigzag  timestamp, expiration, delivery_time;
 *   varint  delivery_count;
 *   dest    destination;        // uint8 kind (1 queue, 2 temporary queue, 3 topic) + string name
 *   dest    reply_to;           // kind 0 = null
 *   string  message_id, correlation_id, type;   // nullable, see ByteSink.putString
 *   varint  property_count;  { string name; value v; } properties[property_count];
 *   body    body;               // per body_type, see writeBody()
 * }
 * value = uint8 ValueTag + payload (big-endian fixed width; string; varint length + bytes)
 * </pre>
 *
 * <p>Stateless and thread-safe. Byte arrays in decoded envelopes are fresh copies.
 */
final class EnvelopeCodec {
    static final int VERSION = 1;
    private static final int PERSISTENT = 1;
    private static final int REDELIVERED = 2;

    private EnvelopeCodec() {
    }

    static void encode(FpmEnvelope e, ByteSink out) {
        out.putByte(VERSION);
        out.putByte((e.persistent() ? PERSISTENT : 0) | (e.redelivered() ? REDELIVERED : 0));
        out.putByte(e.priority());
        out.putByte(bodyCode(e.bodyType()));
        out.putZigzag(e.timestamp());
        out.putZigzag(e.expiration());
        out.putZigzag(e.deliveryTime());
        out.putVarlong(e.deliveryCount());
        writeDestination(e.destination(), out);
        writeDestination(e.replyTo(), out);
        out.putString(e.messageId());
        out.putString(e.correlationId());
        out.putString(e.type());
        out.putVarlong(e.properties().size());
        for (Map.Entry<String, Object> p : e.properties().entrySet()) {
            out.putString(p.getKey());
            writeValue(p.getValue(), out);
        }
        writeBody(e.bodyType(), e.body(), out);
    }

    /** @throws MalformedRecordException the bytes are not an envelope of a known version */
    static FpmEnvelope decode(ByteSource in) {
        int version = in.getByte("envelope version");
        if (version != VERSION) {
            throw new MalformedRecordException("envelope version must be " + VERSION + ", was " + version);
        }
        int flags = in.getByte("envelope flags");
        int priority = in.getByte("priority");
        if (priority > 9) {
            throw new MalformedRecordException("priority must be 0..9, was " + priority);
        }
        BodyType bodyType = bodyType(in.getByte("body type"));
        long timestamp = in.getZigzag("timestamp");
        long expiration = in.getZigzag("expiration");
        long deliveryTime = in.getZigzag("deliveryTime");
        long deliveryCount = in.getVarlong("deliveryCount");
        if (deliveryCount > Integer.MAX_VALUE) {
            throw new MalformedRecordException("deliveryCount must fit an int, was " + deliveryCount);
        }
        DestinationRef destination = readDestination(in, "destination");
        if (destination == null) {
            throw new MalformedRecordException("destination must not be null");
        }
        FpmEnvelope.Builder b = FpmEnvelope.builder(destination)
                .persistent((flags & PERSISTENT) != 0)
                .redelivered((flags & REDELIVERED) != 0)
                .priority(priority)
                .timestamp(timestamp)
                .expiration(expiration)
                .deliveryTime(deliveryTime)
                .deliveryCount((int) deliveryCount)
                .replyTo(readDestination(in, "replyTo"))
                .messageId(in.getString("messageId"))
                .correlationId(in.getString("correlationId"))
                .type(in.getString("type"));
        int properties = in.getCount("property count");
        Map<String, Object> props = new LinkedHashMap<>(Math.max(4, properties * 2));
        for (int i = 0; i < properties; i++) {
            String name = in.getString("property name");
            props.put(name, readValue(in));
        }
        b.properties(props);
        b.body(bodyType, readBody(bodyType, in));
        if (in.remaining() != 0) {
            throw new MalformedRecordException(in.remaining() + " bytes after the end of the envelope");
        }
        return b.build();
    }

    private static int bodyCode(BodyType t) {
        switch (t) {
            case NONE: return 0;
            case TEXT: return 1;
            case BYTES: return 2;
            case MAP: return 3;
            case STREAM: return 4;
            case OBJECT: return 5;
            default: throw new IllegalArgumentException("no code for body type " + t);
        }
    }

    private static BodyType bodyType(int code) {
        switch (code) {
            case 0: return BodyType.NONE;
            case 1: return BodyType.TEXT;
            case 2: return BodyType.BYTES;
            case 3: return BodyType.MAP;
            case 4: return BodyType.STREAM;
            case 5: return BodyType.OBJECT;
            default: throw new MalformedRecordException("body type must be 0..5, was " + code);
        }
    }

    private static void writeDestination(DestinationRef d, ByteSink out) {
        if (d == null) {
            out.putByte(0);
            return;
        }
        out.putByte(kindCode(d.kind()));
        out.putString(d.name());
    }

    private static int kindCode(DestinationRef.Kind kind) {
        switch (kind) {
            case QUEUE: return 1;
            case TEMPORARY_QUEUE: return 2;
            case TOPIC: return 3;
            case TEMPORARY_TOPIC: return 4;
            default: throw new IllegalArgumentException("no code for destination kind " + kind);
        }
    }

    private static DestinationRef readDestination(ByteSource in, String what) {
        int code = in.getByte(what + " kind");
        DestinationRef.Kind kind;
        switch (code) {
            case 0: return null;
            case 1: kind = DestinationRef.Kind.QUEUE; break;
            case 2: kind = DestinationRef.Kind.TEMPORARY_QUEUE; break;
            case 3: kind = DestinationRef.Kind.TOPIC; break;
            case 4: kind = DestinationRef.Kind.TEMPORARY_TOPIC; break;
            default: throw new MalformedRecordException(what + " kind must be 0..4, was " + code);
        }
        String name = in.getString(what + " name");
        if (name == null || name.isBlank()) {
            throw new MalformedRecordException(what + " name must not be blank");
        }
        return new DestinationRef(kind, name);
    }

    private static void writeBody(BodyType type, Object body, ByteSink out) {
        switch (type) {
            case NONE:
                return;
            case TEXT:
                out.putString((String) body);
                return;
            case BYTES:
            case OBJECT:
                out.putNullableBytes((byte[]) body);
                return;
            case MAP: {
                Map<?, ?> map = (Map<?, ?>) body;
                if (map == null) {
                    out.putVarlong(0);
                    return;
                }
                out.putVarlong(map.size() + 1L);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.putString((String) e.getKey());
                    writeValue(e.getValue(), out);
                }
                return;
            }
            case STREAM: {
                List<?> list = (List<?>) body;
                if (list == null) {
                    out.putVarlong(0);
                    return;
                }
                out.putVarlong(list.size() + 1L);
                for (Object o : list) {
                    writeValue(o, out);
                }
                return;
            }
            default:
                throw new IllegalArgumentException("unknown body type " + type);
        }
    }

    private static Object readBody(BodyType type, ByteSource in) {
        switch (type) {
            case NONE:
                return null;
            case TEXT:
                return in.getString("text body");
            case BYTES:
            case OBJECT:
                return in.getNullableBytes(type + " body");
            case MAP: {
                int n = nullableCount(in, "map size");
                if (n < 0) {
                    return null;
                }
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    String name = in.getString("map entry name");
                    map.put(name, readValue(in));
                }
                return map;
            }
            case STREAM: {
                int n = nullableCount(in, "stream size");
                if (n < 0) {
                    return null;
                }
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in));
                }
                return list;
            }
            default:
                throw new MalformedRecordException("unknown body type " + type);
        }
    }

    private static int nullableCount(ByteSource in, String what) {
        long h = in.getVarlong(what);
        if (h == 0) {
            return -1;
        }
        if (h - 1 > in.remaining()) {
            throw new MalformedRecordException(what + " is " + (h - 1) + " but only " + in.remaining() + " bytes are left");
        }
        return (int) (h - 1);
    }

    private static void writeValue(Object v, ByteSink out) {
        ValueTag tag = ValueTag.of(v);
        out.putByte(tag.code);
        switch (tag) {
            case NULL: return;
            case BOOLEAN: out.putByte((Boolean) v ? 1 : 0); return;
            case BYTE: out.putByte((Byte) v); return;
            case SHORT: out.putVarlong(((Short) v) & 0xFFFF); return;
            case CHAR: out.putVarlong((Character) v); return;
            case INT: out.putZigzag((Integer) v); return;
            case LONG: out.putZigzag((Long) v); return;
            case FLOAT: out.putInt(Float.floatToRawIntBits((Float) v)); return;
            case DOUBLE: out.putLong(Double.doubleToRawLongBits((Double) v)); return;
            case STRING: out.putString((String) v); return;
            case BYTES: {
                byte[] b = (byte[]) v;
                out.putVarlong(b.length);
                out.putBytes(b, 0, b.length);
                return;
            }
            default: throw new IllegalArgumentException("unknown value tag " + tag);
        }
    }

    private static Object readValue(ByteSource in) {
        ValueTag tag = ValueTag.from(in.getByte("value tag"));
        switch (tag) {
            case NULL: return null;
            case BOOLEAN: {
                int b = in.getByte("boolean");
                if (b > 1) {
                    throw new MalformedRecordException("boolean must be 0 or 1, was " + b);
                }
                return b == 1;
            }
            case BYTE: return (byte) in.getByte("byte");
            case SHORT: return (short) in.getVarlong("short");
            case CHAR: return (char) in.getVarlong("char");
            case INT: return (int) in.getZigzag("int");
            case LONG: return in.getZigzag("long");
            case FLOAT: return Float.intBitsToFloat(in.getInt("float"));
            case DOUBLE: return Double.longBitsToDouble(in.getLong("double"));
            case STRING: {
                String s = in.getString("string value");
                if (s == null) {
                    throw new MalformedRecordException("a STRING value must not be null (NULL has its own tag)");
                }
                return s;
            }
            case BYTES: return in.getBytes(in.getCount("bytes length"), "bytes value");
            default: throw new MalformedRecordException("unknown value tag " + tag);
        }
    }
}
