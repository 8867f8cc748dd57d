package dev.fpmjms.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the records of one segment front to back and checks each: its length, that it lies
 * within the file, its CRC32C. Stops at the end of the records, or at the first record that fails
 * and says whether that looks like a torn tail (safe to truncate) or corruption in the middle.
 * Not thread-safe.
 *
 * <p>The rules, applied at the start of each record:
 * <ul>
 *   <li><em>End</em> ({@link Outcome#END}): the end of the file; or a record length field of 0 (or
 *       fewer bytes than a record header left) with only zero bytes from there to the end of the
 *       file. That zero tail is space the writer preallocated ahead of its records
 *       ({@link SegmentPreparation}): the normal end of a segment that was being written, not damage.</li>
 *   <li><em>Torn tail</em> ({@link Outcome#TORN}), the write in progress at a crash: fewer bytes
 *       than a record header left, not all zero; a record reaching past the end of the file; a
 *       length outside the valid range followed only by zero bytes; a record whose checksum fails
 *       and after whose end the file holds only zero bytes (or which ends exactly at the end of
 *       the file).</li>
 *   <li><em>Corruption</em> ({@link Outcome#CORRUPT}): a bad length (0 included) or a bad checksum
 *       with non-zero bytes behind it. The length cannot be trusted, so {@link #resync()} looks for
 *       the next valid record byte by byte: one whose length fits in the file, whose type is known,
 *       whose id is plausible (below 2^48) and whose checksum matches, and which is followed by the
 *       end of the file, zero bytes or another such record (two checksums must match by chance for
 *       a false find). Reading goes on from there.</li>
 * </ul>
 */
final class SegmentReader {
    /** What {@link #next()} found. */
    enum Outcome { RECORD, END, TORN, CORRUPT }

    private final FileChannel channel;
    private final long fileSize;
    private ByteBuffer window = ByteBuffer.allocate(1 << 20);
    private long windowStart;
    private long position;

    // The record last read (valid after RECORD).
    RecordType type;
    int typeCode;
    long id;
    long recordOffset;
    int recordLength;
    int deliveryCount;
    /** After a {@link RecordType#BASE} record: its lowest live id and next id. */
    long baseLowestLive;
    long baseNextId;
    /** What was wrong (after TORN or CORRUPT). */
    String problem;

    /** What {@link #forEach} calls for each valid record; the reader's fields describe it. */
    @FunctionalInterface
    interface Visitor {
        void record(SegmentReader r);
    }

    /**
     * Reads every valid record of a segment file in order, skipping damage as recovery does, and
     * changes nothing: for the passes after recovery (losses, quarantine).
     */
    static void forEach(Path segment, Visitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            SegmentReader reader = new SegmentReader(ch, ch.size(), Segment.HEADER_BYTES);
            while (true) {
                Outcome o = reader.next();
                if (o == Outcome.RECORD) {
                    visitor.record(reader);
                } else if (o != Outcome.CORRUPT || reader.resync() < 0) {
                    return;
                }
            }
        }
    }

    SegmentReader(FileChannel channel, long fileSize, long start) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.position = start;
        window.limit(0);
        windowStart = start;
    }

    /**
     * Where the next record starts; after END, where the records end (before a zero tail, if
     * any); after TORN or CORRUPT, where the bad one starts.
     */
    long position() {
        return position;
    }

    /**
     * After {@link Outcome#CORRUPT}: moves to the next valid record after the bad one (see the
     * class comment) and returns its offset, or returns -1 when there is none up to the end of the
     * file (the position is then the end of the file). The bytes skipped are the damage.
     */
    long resync() throws IOException {
        for (long p = position + 1; p + JournalRecord.HEADER_BYTES + JournalRecord.MIN_LENGTH <= fileSize; p++) {
            long end = validRecordEnd(p);
            if (end < 0) {
                continue;
            }
            if (end == fileSize || validRecordEnd(end) >= 0 || zeroFrom(end)) {
                position = p;
                return p;
            }
        }
        position = fileSize;
        return -1;
    }

    /**
     * The damaged bytes' best guess at what they held: the type and id of a record starting at
     * {@code at} whose length field stays inside {@code [at, limit)}, checksum not checked; or
     * {@code null}. Used to name the messages lost in the damage.
     */
    long[] headerAt(long at, long limit) throws IOException {
        if (at + JournalRecord.HEADER_BYTES + JournalRecord.MIN_LENGTH > limit) {
            return null;
        }
        load(at, JournalRecord.HEADER_BYTES + JournalRecord.MIN_LENGTH);
        int i = (int) (at - windowStart);
        int length = window.getInt(i);
        if (length < JournalRecord.MIN_LENGTH || at + JournalRecord.HEADER_BYTES + length > limit) {
            return null;
        }
        long recordId = window.getLong(i + JournalRecord.HEADER_BYTES + 1);
        int code = window.get(i + JournalRecord.HEADER_BYTES);
        if (RecordType.from(code) == null || recordId >>> 48 != 0) {
            return null;
        }
        return new long[]{code, recordId, at + JournalRecord.HEADER_BYTES + length};
    }

    /** The end of a valid record at {@code p} (length, type, id range and checksum), or -1. */
    private long validRecordEnd(long p) throws IOException {
        if (p + JournalRecord.HEADER_BYTES + JournalRecord.MIN_LENGTH > fileSize) {
            return -1;
        }
        load(p, JournalRecord.HEADER_BYTES + JournalRecord.MIN_LENGTH);
        int i = (int) (p - windowStart);
        int length = window.getInt(i);
        if (length < JournalRecord.MIN_LENGTH || length > JournalRecord.MAX_LENGTH || p + JournalRecord.HEADER_BYTES + length > fileSize) {
            return -1;
        }
        if (RecordType.from(window.get(i + JournalRecord.HEADER_BYTES)) == null
                || window.getLong(i + JournalRecord.HEADER_BYTES + 1) >>> 48 != 0) {
            return -1;
        }
        int crc = window.getInt(i + 4);
        load(p, JournalRecord.HEADER_BYTES + length);
        i = (int) (p - windowStart);
        if (JournalRecord.crc(window.array(), i + JournalRecord.HEADER_BYTES, length) != crc) {
            return -1;
        }
        return p + JournalRecord.HEADER_BYTES + length;
    }

    Outcome next() throws IOException {
        long left = fileSize - position;
        if (left == 0) {
            return Outcome.END;
        }
        if (left < JournalRecord.HEADER_BYTES) {
            if (zeroFrom(position)) {
                return Outcome.END;
            }
            problem = left + " bytes, less than a record header";
            return Outcome.TORN;
        }
        load(position, JournalRecord.HEADER_BYTES);
        int at = (int) (position - windowStart);
        int length = window.getInt(at);
        int crc = window.getInt(at + 4);
        if (length == 0) {
            if (zeroFrom(position)) {
                return Outcome.END;
            }
            problem = "record length 0 with non-zero bytes after it";
            return Outcome.CORRUPT;
        }
        if (length < JournalRecord.MIN_LENGTH || length > JournalRecord.MAX_LENGTH) {
            problem = "record length " + length + " outside " + JournalRecord.MIN_LENGTH + ".." + JournalRecord.MAX_LENGTH;
            return zeroFrom(position + 4) ? Outcome.TORN : Outcome.CORRUPT;
        }
        long end = position + JournalRecord.HEADER_BYTES + length;
        if (end > fileSize) {
            problem = "record of " + length + " bytes reaches " + (end - fileSize) + " bytes past the end of the file";
            return Outcome.TORN;
        }
        int total = JournalRecord.HEADER_BYTES + length;
        load(position, total);
        at = (int) (position - windowStart);
        int actual = JournalRecord.crc(window.array(), at + JournalRecord.HEADER_BYTES, length);
        if (actual != crc) {
            problem = String.format("checksum mismatch (stored %08x, computed %08x) in a record of %d bytes", crc, actual, length);
            return zeroFrom(end) ? Outcome.TORN : Outcome.CORRUPT;
        }
        ByteSource in = new ByteSource(window.array(), at + JournalRecord.HEADER_BYTES, length);
        typeCode = in.getByte("record type");
        type = RecordType.from(typeCode);
        id = in.getLong("record id");
        deliveryCount = -1;
        if (type == RecordType.UPDATE) {
            try {
                long count = in.getVarlong("delivery count");
                deliveryCount = (int) Math.min(count, Integer.MAX_VALUE);
            } catch (MalformedRecordException e) {
                type = null;
            }
        } else if (type == RecordType.BASE) {
            try {
                baseLowestLive = in.getVarlong("lowest live id");
                baseNextId = in.getVarlong("next id");
            } catch (MalformedRecordException e) {
                type = null;
            }
        }
        recordOffset = position;
        recordLength = total;
        position = end;
        return Outcome.RECORD;
    }

    /** Makes bytes [from, from + n) available in the window. */
    private void load(long from, int n) throws IOException {
        if (from >= windowStart && from + n <= windowStart + window.limit()) {
            return;
        }
        if (n > window.capacity()) {
            window = ByteBuffer.allocate(n);
        }
        window.clear();
        window.limit((int) Math.min(window.capacity(), fileSize - from));
        while (window.hasRemaining()) {
            if (channel.read(window, from + window.position()) < 0) {
                break;
            }
        }
        window.flip();
        windowStart = from;
        if (window.limit() < n) {
            throw new IOException("segment shrank while being read: wanted " + n + " bytes at " + from);
        }
    }

    /** Whether every byte from {@code from} to the end of the file is zero (true at the end). */
    private boolean zeroFrom(long from) throws IOException {
        long p = from;
        while (p < fileSize) {
            int n = (int) Math.min(window.capacity(), fileSize - p);
            load(p, n);
            int at = (int) (p - windowStart);
            for (int i = 0; i < n; i++) {
                if (window.get(at + i) != 0) {
                    return false;
                }
            }
            p += n;
        }
        return true;
    }
}
