package dev.fpmjms.store;

import dev.fpmjms.metrics.JournalMetrics;
import dev.fpmjms.metrics.LatencyHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The journal's files and index: appends records to the current segment, rolls to a new one at
 * the size limit, and reclaims space. Confined to one thread (the opener, then the writer thread).
 *
 * <p>Reclaiming, simple and correct: segments are deleted <em>oldest first, in order</em>, once
 * none of their ADD records is live. In-order deletion matters: a segment's REMOVE records only
 * cancel ADDs in itself or in older segments, which are gone already, so deleting it can never
 * bring a removed message back. A few long-lived messages (say, in the DLQ) would pin every later
 * segment, so when the files hold more than twice the live bytes plus one segment, the oldest
 * segment's live records are copied forward into the current segment (same ids, with their
 * delivery counts), forced, and the old segment deleted. Recovery takes the later copy of an id.
 *
 * <p>Preallocation (when files are forced): a forced append that grows the file costs the file
 * system a metadata commit on top of the data; overwriting blocks that are already allocated and
 * written does not. So the current segment is kept zero-filled ahead of the write position, up to
 * {@value #PREALLOCATE_AHEAD} bytes (never past the segment size), in steps of at most
 * {@value #PREALLOCATE_STEP} bytes, each written and forced once; and when the current segment is
 * fully preallocated, the next segment's file is created ahead of time, so a roll does not wait
 * for a file creation. These steps run when the writer is idle ({@link #prepareStep()}), or
 * between two batches when less than a step is left ({@link #needsPreparation()}). A record length of
 * 0 marks the end of the records, so recovery reads the zero tail as the normal end
 * ({@link SegmentReader}). A segment that is closed or rolled is truncated to its records.
 *
 * <p>Every segment opens with a {@link RecordType#BASE} record naming the oldest segment still
 * needed, and one more is written and forced before old segments are deleted, so that recovery
 * can tell a segment deleted here from one lost outside ({@link JournalRecovery}). Segments that
 * recovery found damaged are set aside at {@link #start()}: their intact live records and all
 * their removals are copied into the new segment, forced, and the file moved to the quarantine
 * folder ({@link JournalQuarantine}), never deleted.
 */
final class SegmentLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    private static final int STAGING_BYTES = 256 * 1024;
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
    private final ArrayDeque<Segment> segments;
    private final Map<Long, LiveRecord> live;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private long nextSequence;
    private Segment current;
    /** The next segment's file, created ahead of the roll into it, or {@code null}. */
    private Segment prepared;
    /** Written on the writer thread only; volatile so that {@link #metrics} may read them from any thread. */
    private volatile long totalBytes;
    private volatile long liveBytes;
    /** How long {@link #force()} takes, in microseconds. */
    private final LatencyHistogram forceLatency =
            new LatencyHistogram(TimeUnit.MICROSECONDS, JournalMetrics.FORCE_LATENCY_BOUNDS_US);
    private boolean unforced;
    private boolean reclaimWanted = true;
    private long deletedSegments;
    /** The highest store id added so far, for the BASE records' next id. */
    private long maxId;

    /**
     * @param forceFiles whether rolls, copies and deletions are forced (false for policy NEVER);
     *                   also whether segments are preallocated (useless when nothing is forced)
     */
    SegmentLog(Path directory, long segmentBytes, boolean forceFiles, JournalRecovery recovered) {
        this(directory, segmentBytes, forceFiles, recovered, SegmentFiles.OWNER_ONLY);
    }

    /** As above, creating segment files with {@code files}. */
    SegmentLog(Path directory, long segmentBytes, boolean forceFiles, JournalRecovery recovered, SegmentFiles files) {
        this.directory = directory;
        this.files = files;
        this.maxId = recovered.maxId;
        this.segmentBytes = segmentBytes;
        this.forceFiles = forceFiles;
        this.preallocate = forceFiles;
        this.segments = recovered.segments;
        this.live = recovered.live;
        this.nextSequence = recovered.maxSequence + 1;
        for (Segment s : segments) {
            totalBytes += s.size;
            liveBytes += s.liveBytes;
        }
    }

    /**
     * Opens a fresh current segment (the journal never appends to a file written before a
     * restart), sets damaged segments aside, and makes sure the disk takes writes: the first
     * preallocation step (or, without preallocation, as many zero bytes written and cut off again)
     * must succeed.
     *
     * @throws IOException the new segment cannot be written, typically a full disk: starting
     *                     anyway would run recovered messages again whose outcome the journal
     *                     could then not record
     */
    void start() throws IOException {
        try {
            roll();
            for (Segment s : new ArrayList<>(segments)) {
                if (s.damaged && s != current) {
                    quarantine(s);
                }
            }
            reserve();
        } catch (IOException e) {
            throw new IOException("the journal cannot write in " + directory + " (" + e.getMessage() + "); refusing to start, "
                    + "so that recovered messages are not run again without a way to record their outcome: free space and start again", e);
        }
        reclaim();
    }

    /** Writes and forces one preallocation step ahead of the records; without preallocation, cuts it off again. */
    private void reserve() throws IOException {
        flush();
        long from = Math.max(current.allocated, current.written);
        int n = (int) Math.min(PREALLOCATE_STEP, Math.max(segmentBytes - from, 4096));
        writeZeros(current.channel, from, n);
        current.channel.force(false);
        if (preallocate) {
            current.allocated = from + n;
        } else {
            current.channel.truncate(from);
        }
        unforced = false;
    }

    /**
     * Sets a damaged segment aside: copies its live records forward, writes a REMOVE for every
     * removal it holds (they may cancel adds in older segments) and an UPDATE for every delivery
     * count it holds of a message whose ADD is in an older segment, forces, and moves the file to
     * the quarantine folder.
     */
    private void quarantine(Segment s) throws IOException {
        long liveInIt = s.liveCount;
        copyForward(s);
        List<Long> removals = new ArrayList<>();
        List<Long> updates = new ArrayList<>();
        readIds(s, removals, updates);
        for (long id : removals) {
            ByteSink rec = JournalRecord.remove(id);
            roomFor(rec.size());
            append(rec.array(), rec.size());
        }
        for (long id : updates) {
            LiveRecord r = live.get(id);
            if (r != null && r.segment != current && r.deliveryCount >= 0) {
                ByteSink rec = JournalRecord.update(id, r.deliveryCount);
                roomFor(rec.size());
                append(rec.array(), rec.size());
            }
        }
        segments.remove(s);
        totalBytes -= s.size;
        appendBase();
        if (forceFiles) {
            force();
        } else {
            flush();
        }
        Path moved = JournalQuarantine.move(directory, s.path);
        LOG.warn("journal segment {} was damaged: its {} live records and {} removals were copied into {}, and the file moved to {} "
                + "for inspection (the journal never deletes it)", s, liveInIt, removals.size(), current, moved);
    }

    /** The ids of the valid REMOVE and UPDATE records in a segment, damage skipped. */
    private static void readIds(Segment s, List<Long> removals, List<Long> updates) throws IOException {
        SegmentReader.forEach(s.path, r -> {
            if (r.type == RecordType.REMOVE) {
                removals.add(r.id);
            } else if (r.type == RecordType.UPDATE) {
                updates.add(r.id);
            }
        });
    }

    /** Appends a BASE record: the oldest segment kept, the lowest live id, the next id. */
    private void appendBase() throws IOException {
        long oldest = segments.isEmpty() ? current.sequence : segments.peekFirst().sequence;
        ByteSink rec = JournalRecord.base(oldest, lowestLiveId(), maxId + 1);
        append(rec.array(), rec.size());
    }

    int segmentCount() {
        return segments.size();
    }

    long deletedSegments() {
        return deletedSegments;
    }

    long liveCount() {
        return live.size();
    }

    boolean hasUnforcedWrites() {
        return unforced;
    }

    /** Appends an ADD record (the whole record, header included, in {@code record[0..length)}). */
    void add(long id, byte[] record, int length) throws IOException {
        Segment s = roomFor(length);
        maxId = Math.max(maxId, id);
        long offset = s.size;
        append(record, length);
        LiveRecord now = new LiveRecord(s, offset, length);
        LiveRecord previous = live.put(id, now);
        if (previous != null) {
            dropLive(previous);
            now.deliveryCount = previous.deliveryCount;
        }
        s.liveCount++;
        s.liveBytes += length;
        liveBytes += length;
    }

    /** Appends a REMOVE record if the id is live; unknown ids need no record. */
    void remove(long id) throws IOException {
        LiveRecord r = live.remove(id);
        if (r == null) {
            return;
        }
        dropLive(r);
        ByteSink rec = JournalRecord.remove(id);
        roomFor(rec.size());
        append(rec.array(), rec.size());
    }

    /** Appends an UPDATE record if the id is live. */
    void update(long id, int deliveryCount) throws IOException {
        LiveRecord r = live.get(id);
        if (r == null || r.deliveryCount == deliveryCount) {
            return;
        }
        r.deliveryCount = deliveryCount;
        ByteSink rec = JournalRecord.update(id, deliveryCount);
        roomFor(rec.size());
        append(rec.array(), rec.size());
    }

    private void dropLive(LiveRecord r) {
        r.segment.liveCount--;
        r.segment.liveBytes -= r.length;
        liveBytes -= r.length;
        if (r.segment.liveCount == 0 && r.segment != current) {
            reclaimWanted = true;
        }
    }

    /** The current segment, rolled first if {@code length} more bytes would not fit. */
    private Segment roomFor(int length) throws IOException {
        if (current.size + length > segmentBytes && current.size > current.recordsStart) {
            roll();
        }
        return current;
    }

    private void append(byte[] record, int length) throws IOException {
        if (length > staging.remaining()) {
            flush();
        }
        if (length > staging.capacity()) {
            write(ByteBuffer.wrap(record, 0, length));
        } else {
            staging.put(record, 0, length);
        }
        current.size += length;
        totalBytes += length;
        unforced = true;
    }

    /** Writes staged bytes to the current segment (to the OS, not forced). */
    void flush() throws IOException {
        if (staging.position() > 0) {
            staging.flip();
            write(staging);
            staging.clear();
        }
    }

    /** Writes at the current segment's write position (positional: the file may extend past it). */
    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            current.written += current.channel.write(b, current.written);
        }
        current.allocated = Math.max(current.allocated, current.written);
    }

    /** Writes staged bytes and forces the current segment's data to the disk. */
    void force() throws IOException {
        flush();
        long started = System.nanoTime();
        current.channel.force(false);
        forceLatency.record((System.nanoTime() - started) / 1_000);
        unforced = false;
    }

    /** The log's size and the latency of its forces; any thread. */
    JournalMetrics metrics() {
        return new JournalMetrics(totalBytes, liveBytes, forceLatency.snapshot());
    }

    /**
     * Whether an idle writer has preparation to do ({@link #prepareStep()}): a whole step is
     * missing from the zero-filled space {@value #PREALLOCATE_AHEAD} bytes ahead of the current
     * segment's records (or anything up to the segment size, near its end), or the current segment
     * is filled to the segment size and the next segment's file is not there yet.
     */
    boolean wantsPreparation() {
        if (!preallocate || current == null || current.channel == null) {
            return false;
        }
        long target = preallocationTarget(current);
        return stepWanted(current, target) || (current.allocated >= segmentBytes && prepared == null);
    }

    /**
     * Whether preparation cannot wait for an idle moment: less than one step of zero-filled space
     * is left ahead of the records (or, near the segment's end, before the roll into a next
     * segment that is not prepared yet). A writer that is never idle calls {@link #prepareStep()}
     * between batches then, so that its forces keep overwriting allocated blocks; that costs one
     * step (about a millisecond) per {@value #PREALLOCATE_STEP} bytes of records.
     */
    boolean needsPreparation() {
        return wantsPreparation() && current.allocated - current.size < PREALLOCATE_STEP;
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
     * of the current segment, or creates the next segment's file with its first step; forces what
     * it wrote. An I/O error here only ends preallocation (logged); the journal goes on without.
     */
    void prepareStep() {
        if (!preallocate) {
            return;
        }
        try {
            flush();
            long target = preallocationTarget(current);
            if (stepWanted(current, target)) {
                long from = Math.max(current.allocated, current.written);
                int n = (int) Math.min(PREALLOCATE_STEP, target - from);
                writeZeros(current.channel, from, n);
                current.allocated = from + n;
                current.channel.force(false);
                unforced = false;
            } else if (current.allocated >= segmentBytes && prepared == null) {
                prepared = createSegment(nextSequence++, true);
                LOG.debug("journal segment {} prepared ahead of the roll", prepared);
            }
        } catch (IOException e) {
            preallocate = false;
            LOG.warn("journal {}: preallocating segment space failed, segments now grow as they are written: {}",
                    directory, e.toString());
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
                forceDirectory();
            }
        } catch (IOException | RuntimeException e) {
            s.channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return s;
    }

    private void roll() throws IOException {
        if (current != null) {
            finish(current);
        }
        Segment s = prepared;
        prepared = null;
        if (s == null) {
            s = createSegment(nextSequence++, false);
        }
        totalBytes += s.size;
        segments.add(s);
        current = s;
        appendBase();
        s.recordsStart = s.size;
        reclaimWanted = true;
    }

    /** Writes what is staged, cuts the zero-filled space off, forces (per policy) and closes. */
    private void finish(Segment s) throws IOException {
        flush();
        if (s.allocated > s.written) {
            s.channel.truncate(s.written);
            s.allocated = s.written;
        }
        if (forceFiles) {
            s.channel.force(false);
            unforced = false;
        }
        s.channel.close();
        s.channel = null;
    }

    /**
     * Deletes dead segments oldest first and compacts when the files hold much more than the live
     * records. Cheap when nothing changed since the last call.
     */
    void reclaim() throws IOException {
        if (!reclaimWanted) {
            return;
        }
        reclaimWanted = false;
        deleteDeadOldest();
        int budget = segments.size();
        while (budget-- > 0 && segments.peekFirst() != current && totalBytes > 2 * liveBytes + segmentBytes) {
            Segment oldest = segments.peekFirst();
            copyForward(oldest);
            if (forceFiles) {
                force();
            } else {
                flush();
            }
            deleteDeadOldest();
        }
    }

    private void deleteDeadOldest() throws IOException {
        Segment keep = null;
        for (Segment s : segments) {
            if (s == current || s.liveCount > 0) {
                keep = s;
                break;
            }
        }
        if (keep == null || keep == segments.peekFirst()) {
            return;
        }
        // The record that these deletions are intended reaches the disk before they do.
        ByteSink base = JournalRecord.base(keep.sequence, lowestLiveId(), maxId + 1);
        roomFor(base.size());
        append(base.array(), base.size());
        if (forceFiles) {
            force();
        } else {
            flush();
        }
        // Only those the BASE covers: a roll for it may have left one more dead segment behind.
        Segment oldest;
        while ((oldest = segments.peekFirst()) != null && oldest.sequence < keep.sequence && oldest.liveCount == 0) {
            segments.removeFirst();
            totalBytes -= oldest.size;
            Files.deleteIfExists(oldest.path);
            deletedSegments++;
            LOG.debug("journal segment {} deleted: no live records", oldest);
            if (forceFiles) {
                // The next deletion must not reach the disk before this one.
                forceDirectory();
            }
        }
    }

    /** The lowest live store id, or the next id when none is live; a pass over the index (rolls and deletions only). */
    private long lowestLiveId() {
        long lowest = maxId + 1;
        for (Long id : live.keySet()) {
            lowest = Math.min(lowest, id);
        }
        return lowest;
    }

    private void copyForward(Segment from) throws IOException {
        List<Map.Entry<Long, LiveRecord>> moving = new ArrayList<>();
        for (Map.Entry<Long, LiveRecord> e : live.entrySet()) {
            if (e.getValue().segment == from) {
                moving.add(e);
            }
        }
        moving.sort(Comparator.comparingLong(e -> e.getValue().offset));
        LOG.debug("journal segment {}: copying {} live records forward", from, moving.size());
        try (FileChannel in = FileChannel.open(from.path, StandardOpenOption.READ)) {
            for (Map.Entry<Long, LiveRecord> e : moving) {
                LiveRecord r = e.getValue();
                ByteBuffer buf = ByteBuffer.allocate(r.length);
                while (buf.hasRemaining()) {
                    if (in.read(buf, r.offset + buf.position()) < 0) {
                        throw new IOException("segment " + from + " ends inside the record at " + r.offset);
                    }
                }
                int count = r.deliveryCount;
                add(e.getKey(), buf.array(), r.length);
                if (count >= 0) {
                    live.get(e.getKey()).deliveryCount = -1;
                    update(e.getKey(), count);
                }
            }
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not every platform can force a directory; the files themselves are forced.
            LOG.debug("could not force directory {}: {}", directory, e.toString());
        }
    }

    /**
     * Writes what is staged, forces it and closes the current segment, cut to its records; deletes
     * the next segment's file if it was prepared.
     */
    @Override
    public void close() throws IOException {
        try {
            if (current != null && current.channel != null) {
                try {
                    flush();
                    if (current.allocated > current.written) {
                        current.channel.truncate(current.written);
                        current.allocated = current.written;
                    }
                    current.channel.force(false);
                    unforced = false;
                } finally {
                    current.channel.close();
                    current.channel = null;
                }
            }
        } finally {
            dropPrepared();
        }
    }

    private void dropPrepared() throws IOException {
        Segment p = prepared;
        prepared = null;
        if (p != null) {
            p.channel.close();
            Files.deleteIfExists(p.path);
        }
    }

    /** Closes the segments' channels without writing; after a failure. */
    void abandon() {
        for (Segment s : new Segment[]{current, prepared}) {
            if (s != null && s.channel != null) {
                try {
                    s.channel.close();
                } catch (IOException e) {
                    LOG.debug("closing a failed journal segment: {}", e.toString());
                }
                s.channel = null;
            }
        }
    }
}
