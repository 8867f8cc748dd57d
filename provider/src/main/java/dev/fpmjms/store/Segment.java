package dev.fpmjms.store;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One journal file and what the index knows about it. Confined to the thread that owns the
 * journal (recovery, then the writer thread).
 *
 * <pre>
 * struct segment_header { int32 magic = 'FJNL'; int32 version = 1; int64 sequence; }
 * </pre>
 * followed by records ({@link JournalRecord}), and, in a segment that was being written when the
 * process ended, zero bytes: space preallocated ahead of the records. A record length of 0 marks
 * the end of the records ({@link SegmentReader}).
 */
final class Segment {
    static final int MAGIC = 0x464A4E4C;
    static final int VERSION = 1;
    static final int HEADER_BYTES = 16;
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".seg";

    final long sequence;
    final Path path;
    /** Open for writing while this is the current segment, else {@code null}. */
    FileChannel channel;
    /**
     * Bytes of the header and records, including bytes staged but not yet written. The file may be
     * longer: zero-filled space preallocated ahead of the records ({@link #allocated}).
     */
    long size;
    /** Bytes of records handed to the file so far (not counting bytes still staged). Writer only. */
    long written;
    /** The file's length while it is being written: records, then zero-filled preallocated space. */
    long allocated;
    /** ADD records in this segment not yet removed. */
    long liveCount;
    long liveBytes;
    /** Where records other than the segment's opening BASE record start: a roll is due only past it. */
    long recordsStart = HEADER_BYTES;
    /** Recovery found damaged bytes in it: its intact records are copied forward and the file quarantined at start. */
    boolean damaged;
    /** From the BASE record that opens the segment (recovery only), or -1. */
    long baseLowestLive = -1;
    long baseNextId = -1;

    Segment(long sequence, Path path, long size) {
        this.sequence = sequence;
        this.path = path;
        this.size = size;
    }

    static String fileName(long sequence) {
        return String.format("%s%019d%s", PREFIX, sequence, SUFFIX);
    }

    /** The sequence a file name carries, or -1 when it is not a segment's name. */
    static long sequenceOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 19) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    static ByteBuffer header(long sequence) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.putInt(MAGIC).putInt(VERSION).putLong(sequence).flip();
        return b;
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
