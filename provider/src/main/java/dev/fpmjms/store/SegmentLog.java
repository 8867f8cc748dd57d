package dev.fpmjms.store;

import dev.fpmjms.metrics.JournalMetrics;
import dev.fpmjms.metrics.LatencyHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The journal's files and index: appends records to the current segment, rolls to a new one at
 * the size limit, writes and forces, and hands over from recovery at {@link #start()}. Two parts
 * live in their own classes: preparing segment space ahead of use and creating segment files
 * ({@link SegmentPreparation}), and reclaiming the space of dead segments ({@link SegmentReclaim});
 * this class calls them at the points its writer reaches. Confined to one thread (the opener,
 * then the writer thread).
 *
 * <p>A segment that is closed or rolled is truncated to its records (its zero-filled space cut
 * off).
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

    private final Path directory;
    private final long segmentBytes;
    private final boolean forceFiles;
    private final ArrayDeque<Segment> segments;
    private final Map<Long, LiveRecord> live;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private Segment current;
    private final SegmentPreparation preparation;
    private final SegmentReclaim reclaim;
    /** Written on the writer thread only; volatile so that {@link #metrics} may read them from any thread. */
    private volatile long totalBytes;
    private volatile long liveBytes;
    /** How long {@link #force()} takes, in microseconds. */
    private final LatencyHistogram forceLatency =
            new LatencyHistogram(TimeUnit.MICROSECONDS, JournalMetrics.FORCE_LATENCY_BOUNDS_US);
    private boolean unforced;
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
        this.maxId = recovered.maxId;
        this.segmentBytes = segmentBytes;
        this.forceFiles = forceFiles;
        this.segments = recovered.segments;
        this.live = recovered.live;
        this.preparation = new SegmentPreparation(directory, files, segmentBytes, forceFiles, recovered.maxSequence + 1);
        this.reclaim = new SegmentReclaim(this, directory, segments, live, segmentBytes, forceFiles);
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

    /**
     * Writes and forces one preallocation step ahead of the records; without preallocation, cuts it
     * off again ({@link SegmentPreparation#reserve}).
     */
    private void reserve() throws IOException {
        flush();
        preparation.reserve(current);
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
        reclaim.copyForward(s);
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
        unindex(s);
        appendBase();
        forcePerPolicy();
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

    /**
     * Appends a BASE record naming {@code oldest} as the oldest segment kept, rolling first if it
     * does not fit; for {@link SegmentReclaim}, before it deletes the segments older than that.
     */
    void appendBaseKeeping(long oldest) throws IOException {
        ByteSink base = JournalRecord.base(oldest, lowestLiveId(), maxId + 1);
        roomFor(base.size());
        append(base.array(), base.size());
    }

    /** The lowest live store id, or the next id when none is live; a pass over the index (rolls and deletions only). */
    private long lowestLiveId() {
        long lowest = maxId + 1;
        for (Long id : live.keySet()) {
            lowest = Math.min(lowest, id);
        }
        return lowest;
    }

    /** Takes {@code s} out of the index (its file is deleted or moved next); keeps the byte count. */
    void unindex(Segment s) {
        segments.remove(s);
        totalBytes -= s.size;
    }

    /** The segment records are appended to. */
    Segment current() {
        return current;
    }

    /** Bytes in the segment files (records, not preallocated space). */
    long totalBytes() {
        return totalBytes;
    }

    /** Bytes of the live ADD records. */
    long liveBytes() {
        return liveBytes;
    }

    int segmentCount() {
        return segments.size();
    }

    long deletedSegments() {
        return reclaim.deletedSegments();
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
            reclaim.want();
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

    /**
     * Forces the current segment when files are forced (policy other than NEVER), else writes what
     * is staged: after copies and before deletions.
     */
    void forcePerPolicy() throws IOException {
        if (forceFiles) {
            force();
        } else {
            flush();
        }
    }

    /** The log's size and the latency of its forces; any thread. */
    JournalMetrics metrics() {
        return new JournalMetrics(totalBytes, liveBytes, forceLatency.snapshot());
    }

    /** Whether an idle writer has preparation to do ({@link SegmentPreparation#wanted}). */
    boolean wantsPreparation() {
        return preparation.wanted(current);
    }

    /** Whether preparation cannot wait for an idle moment ({@link SegmentPreparation#needed}). */
    boolean needsPreparation() {
        return preparation.needed(current);
    }

    /**
     * One bounded step of preparation ({@link SegmentPreparation#step}), after writing what is
     * staged so that a step that forces the current segment forces the records too. An I/O error
     * here only ends preallocation (logged); the journal goes on without.
     */
    void prepareStep() {
        if (!preparation.enabled()) {
            return;
        }
        try {
            flush();
            if (preparation.step(current)) {
                unforced = false;
            }
        } catch (IOException e) {
            preparation.stop(e);
        }
    }

    private void roll() throws IOException {
        if (current != null) {
            finish(current);
        }
        Segment s = preparation.next();
        totalBytes += s.size;
        segments.add(s);
        current = s;
        appendBase();
        s.recordsStart = s.size;
        reclaim.want();
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

    /** Deletes dead segments and compacts ({@link SegmentReclaim#reclaim()}). */
    void reclaim() throws IOException {
        reclaim.reclaim();
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
            preparation.dropPrepared();
        }
    }

    /** Closes the segments' channels without writing; after a failure. */
    void abandon() {
        for (Segment s : new Segment[]{current, preparation.prepared()}) {
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
