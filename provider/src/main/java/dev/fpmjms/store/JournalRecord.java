package dev.fpmjms.store;

import dev.fpmjms.envelope.FpmEnvelope;

import java.util.zip.CRC32C;

/**
 * Layout and encoding of one journal record.
 *
 * <pre>
 * struct record {
 *   int32  length;   // bytes from type to the end: MIN_LENGTH .. MAX_LENGTH
 *   int32  crc32c;   // CRC32C of those bytes
 *   uint8  type;     // RecordType code
 *   int64  id;       // store id
 *   ...              // ADD: string queue_key, envelope (EnvelopeCodec)
 *                    // REMOVE: nothing; UPDATE: varint delivery_count
 *                    // BASE (id = oldest segment needed): varint lowest_live_id, next_id
 * }
 * </pre>
 */
final class JournalRecord {
    /** Bytes before the checksummed part: length and checksum. */
    static final int HEADER_BYTES = 8;
    /** The smallest valid length: type and id. */
    static final int MIN_LENGTH = 9;
    /** The largest length recovery accepts; larger values are corrupt, whatever the segment size. */
    static final int MAX_LENGTH = 1 << 30;

    private JournalRecord() {
    }

    static ByteSink add(long id, String queueKey, FpmEnvelope envelope) {
        ByteSink s = new ByteSink((int) Math.min(envelope.sizeEstimate() + 64, 1 << 20));
        start(s, RecordType.ADD, id);
        s.putString(queueKey);
        EnvelopeCodec.encode(envelope, s);
        seal(s);
        return s;
    }

    static ByteSink remove(long id) {
        ByteSink s = new ByteSink(HEADER_BYTES + MIN_LENGTH);
        start(s, RecordType.REMOVE, id);
        seal(s);
        return s;
    }

    static ByteSink update(long id, int deliveryCount) {
        ByteSink s = new ByteSink(HEADER_BYTES + MIN_LENGTH + 5);
        start(s, RecordType.UPDATE, id);
        s.putVarlong(deliveryCount);
        seal(s);
        return s;
    }

    /** A {@link RecordType#BASE} record: the oldest segment still needed, the lowest live and the next id. */
    static ByteSink base(long oldestSequence, long lowestLiveId, long nextId) {
        ByteSink s = new ByteSink(HEADER_BYTES + MIN_LENGTH + 20);
        start(s, RecordType.BASE, oldestSequence);
        s.putVarlong(lowestLiveId);
        s.putVarlong(nextId);
        seal(s);
        return s;
    }

    private static void start(ByteSink s, RecordType type, long id) {
        s.putInt(0);
        s.putInt(0);
        s.putByte(type.code);
        s.putLong(id);
    }

    private static void seal(ByteSink s) {
        int length = s.size() - HEADER_BYTES;
        s.setInt(0, length);
        s.setInt(4, crc(s.array(), HEADER_BYTES, length));
    }

    static int crc(byte[] b, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(b, offset, length);
        return (int) c.getValue();
    }
}
