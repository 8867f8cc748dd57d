package dev.fpmjms.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares segment space ahead of use, and creates the segment files of a {@link SegmentLog}.
 *
 * <p>Preallocation (when files are forced): a forced append that grows the file costs the file
 * system a metadata commit on top of the data; overwriting blocks that are already allocated and
 * written does not. So the current segment is kept zero-filled ahead of the write position, up to
 * {@value #PREALLOCATE_AHEAD} bytes (never past the segment size), in steps of at most
 * {@value #PREALLOCATE_STEP} bytes, each written and forced once; and when the current segment is
 * fully preallocated, the next segment's file is created ahead of time, so a roll does not wait
 * for a file creation ({@link #next()}). These steps run when the writer is idle
 * ({@link SegmentLog#prepareStep()}), or between two batches when less than a step is left
 * ({@link SegmentLog#needsPreparation()}). A record length of 0 marks the end of the records, so
 * recovery reads the zero tail as the normal end ({@link SegmentReader}). A segment that is closed
 * or rolled is truncated to its records ({@link SegmentLog}).
 *
 * <p>Confined to the thread that owns the log (the opener, then the journal's writer thread); the
 * log passes its current segment in and writes its staged records before a step, so that a step
 * that forces the current segment forces them too. Steps block on writes and forces of at most
 * {@value #PREALLOCATE_STEP} bytes. Failure: {@link #step} and {@link #reserve} throw the I/O
 * error; after {@link #stop} nothing is preallocated any more and segments grow as they are
 * written.
 */
final class SegmentPreparation {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentPreparation.class);
    /** The most zero bytes one preparation step writes (and forces). */
    static final int PREALLOCATE_STEP = 1024 * 1024;
    /** How far ahead of the write position the current segment is kept zero-filled. */
    static final int PREALLOCATE_AHEAD = 4 * 1024 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final Path directory;
    private final SegmentFiles files;
    private final long segmentBytes;
    private final boolean forceFiles;
    /** Whether to zero-fill ahead of the write position: off when files are never forced, or after an error. */
    private boolean preallocate;
    /** The sequence of the next segment file created. */
    private long nextSequence;
    /** The next segment's file, created ahead of the roll into it, or {@code null}. */
    private Segment prepared;

    /**
     * @param forceFiles   whether segment files are forced (false for policy NEVER); also whether
     *                     segments are preallocated (useless when nothing is forced)
     * @param nextSequence the sequence of the first segment file to create
     */
    SegmentPreparation(Path directory, SegmentFiles files, long segmentBytes, boolean forceFiles, long nextSequence) {
        this.directory = directory;
        this.files = files;
        this.segmentBytes = segmentBytes;
        this.forceFiles = forceFiles;
        this.preallocate = forceFiles;
        this.nextSequence = nextSequence;
    }

    /** Whether segments are preallocated: not when files are never forced, nor after {@link #stop}. */
    boolean enabled() {
        return preallocate;
    }

    /**
     * Writes and forces one preallocation step ahead of the records of {@code current}, whose
     * staged records the caller has written; without preallocation, cuts it off again. Proves that
     * the disk takes writes ({@link SegmentLog#start()}).
     */
    void reserve(Segment current) throws IOException {
        long from = Math.max(current.allocated, current.written);
        int n = (int) Math.min(PREALLOCATE_STEP, Math.max(segmentBytes - from, 4096));
        writeZeros(current.channel, from, n);
        current.channel.force(false);
        if (preallocate) {
            current.allocated = from + n;
        } else {
            current.channel.truncate(from);
        }
    }

    /**
     * Whether an idle writer has preparation to do ({@link #step}): a whole step is
     * missing from the zero-filled space {@value #PREALLOCATE_AHEAD} bytes ahead of the current
     * segment's records (or anything up to the segment size, near its end), or the current segment
     * is filled to the segment size and the next segment's file is not there yet.
     */
    boolean wanted(Segment current) {
        if (!preallocate || current == null || current.channel == null) {
            return false;
        }
        long target = preallocationTarget(current);
        return stepWanted(current, target) || (current.allocated >= segmentBytes && prepared == null);
    }

    /**
     * Whether preparation cannot wait for an idle moment: less than one step of zero-filled space
     * is left ahead of the records (or, near the segment's end, before the roll into a next
     * segment that is not prepared yet). A writer that is never idle calls
     * {@link SegmentLog#prepareStep()} between batches then, so that its forces keep overwriting
     * allocated blocks; that costs one step (about a millisecond) per {@value #PREALLOCATE_STEP}
     * bytes of records.
     */
    boolean needed(Segment current) {
        return wanted(current) && current.allocated - current.size < PREALLOCATE_STEP;
    }

    private long preallocationTarget(Segment s) {
        return Math.min(segmentBytes, s.size + PREALLOCATE_AHEAD);
    }

    /**
     * Whether a whole step is missing ahead of the records, or what is left up to the segment size.
     * Never a few bytes at a time: each step costs a force that changes the file size.
     */
    private static boolean stepWanted(Segment s, long target) {
        long missing = target - Math.max(s.allocated, s.written);
        return missing >= PREALLOCATE_STEP || (missing > 0 && target < s.size + PREALLOCATE_AHEAD);
    }

    /**
     * One bounded step of preparation: zero-fills at most {@value #PREALLOCATE_STEP} more bytes
     * of {@code current} (whose staged records the caller has written), or creates the next
     * segment's file with its first step; forces what it wrote. The caller ends preallocation with
     * {@link #stop} when this throws.
     *
     * @return whether it forced {@code current}
     */
    boolean step(Segment current) throws IOException {
        long target = preallocationTarget(current);
        if (stepWanted(current, target)) {
            long from = Math.max(current.allocated, current.written);
            int n = (int) Math.min(PREALLOCATE_STEP, target - from);
            writeZeros(current.channel, from, n);
            current.allocated = from + n;
            current.channel.force(false);
            return true;
        } else if (current.allocated >= segmentBytes && prepared == null) {
            prepared = createSegment(nextSequence++, true);
            LOG.debug("journal segment {} prepared ahead of the roll", prepared);
        }
        return false;
    }

    /** Ends preallocation after {@code e} (logged); the journal goes on without. */
    void stop(IOException e) {
        preallocate = false;
        LOG.warn("journal {}: preallocating segment space failed, segments now grow as they are written: {}",
                directory, e.toString());
    }

    /**
     * The segment to roll into: the next segment's file if it was prepared ahead, else one created
     * now with its header only. The segment is not yet in the index.
     */
    Segment next() throws IOException {
        Segment s = prepared;
        prepared = null;
        if (s == null) {
            s = createSegment(nextSequence++, false);
        }
        return s;
    }

    /** The next segment's file, created ahead of the roll into it, or {@code null}. */
    Segment prepared() {
        return prepared;
    }

    /** Closes and deletes the next segment's file if it was prepared (the log closes). */
    void dropPrepared() throws IOException {
        Segment p = prepared;
        prepared = null;
        if (p != null) {
            p.channel.close();
            Files.deleteIfExists(p.path);
        }
    }

    private static void writeZeros(FileChannel ch, long from, int n) throws IOException {
        long at = from;
        long end = from + n;
        while (at < end) {
            ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(z.capacity(), end - at));
            at += ch.write(z, at);
        }
    }

    /**
     * Creates a segment file with its header; with {@code preallocated}, also its first
     * preallocation step, forced. The segment is not yet in the index.
     */
    private Segment createSegment(long sequence, boolean preallocated) throws IOException {
        Path path = directory.resolve(Segment.fileName(sequence));
        Segment s = new Segment(sequence, path, Segment.HEADER_BYTES);
        s.channel = files.create(path);
        try {
            ByteBuffer header = Segment.header(sequence);
            while (header.hasRemaining()) {
                s.channel.write(header, header.position());
            }
            s.written = Segment.HEADER_BYTES;
            s.allocated = Segment.HEADER_BYTES;
            if (preallocated) {
                int n = (int) Math.min(PREALLOCATE_STEP, segmentBytes - Segment.HEADER_BYTES);
                writeZeros(s.channel, Segment.HEADER_BYTES, n);
                s.allocated += n;
                s.channel.force(false);
            }
            if (forceFiles) {
                SegmentFiles.forceDirectory(directory);
            }
        } catch (IOException | RuntimeException e) {
            s.channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return s;
    }
}
