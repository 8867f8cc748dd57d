package dev.fpmjms.store;

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

/**
 * Reclaims the space of a {@link SegmentLog}: deletes dead segments and copies live records
 * forward.
 *
 * <p>Reclaiming, simple and correct: segments are deleted <em>oldest first, in order</em>, once
 * none of their ADD records is live. In-order deletion matters: a segment's REMOVE records only
 * cancel ADDs in itself or in older segments, which are gone already, so deleting it can never
 * bring a removed message back. A few long-lived messages (say, in the DLQ) would pin every later
 * segment, so when the files hold more than twice the live bytes plus one segment, the oldest
 * segment's live records are copied forward into the current segment (same ids, with their
 * delivery counts), forced, and the old segment deleted. Recovery takes the later copy of an id.
 * Before segments are deleted, a {@link RecordType#BASE} record naming the new oldest one is
 * written and forced ({@link JournalRecovery}).
 *
 * <p>Works on the log's index (its segments and live records, shared with it) and writes through
 * the log's append methods. Confined to the thread that owns the log (the opener, then the
 * journal's writer thread); blocks on the writes, forces and deletions it does. Failure: an I/O
 * error is thrown to the caller, which fails the journal.
 */
final class SegmentReclaim {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentReclaim.class);

    private final SegmentLog log;
    private final Path directory;
    private final ArrayDeque<Segment> segments;
    private final Map<Long, LiveRecord> live;
    private final long segmentBytes;
    private final boolean forceFiles;
    private boolean wanted = true;
    private long deletedSegments;

    /**
     * @param segments   the log's index of segments, oldest first
     * @param live       the log's live records by store id
     * @param forceFiles whether copies and deletions are forced (false for policy NEVER)
     */
    SegmentReclaim(SegmentLog log, Path directory, ArrayDeque<Segment> segments, Map<Long, LiveRecord> live,
                   long segmentBytes, boolean forceFiles) {
        this.log = log;
        this.directory = directory;
        this.segments = segments;
        this.live = live;
        this.segmentBytes = segmentBytes;
        this.forceFiles = forceFiles;
    }

    /** Notes that the next {@link #reclaim()} may find something to do (a roll, a segment with no live record left). */
    void want() {
        wanted = true;
    }

    long deletedSegments() {
        return deletedSegments;
    }

    /**
     * Deletes dead segments oldest first and compacts when the files hold much more than the live
     * records. Cheap when nothing changed since the last call.
     */
    void reclaim() throws IOException {
        if (!wanted) {
            return;
        }
        wanted = false;
        deleteDeadOldest();
        int budget = segments.size();
        while (budget-- > 0 && segments.peekFirst() != log.current() && log.totalBytes() > 2 * log.liveBytes() + segmentBytes) {
            Segment oldest = segments.peekFirst();
            copyForward(oldest);
            log.forcePerPolicy();
            deleteDeadOldest();
        }
    }

    private void deleteDeadOldest() throws IOException {
        Segment keep = null;
        for (Segment s : segments) {
            if (s == log.current() || s.liveCount > 0) {
                keep = s;
                break;
            }
        }
        if (keep == null || keep == segments.peekFirst()) {
            return;
        }
        // The record that these deletions are intended reaches the disk before they do.
        log.appendBaseKeeping(keep.sequence);
        log.forcePerPolicy();
        // Only those the BASE covers: a roll for it may have left one more dead segment behind.
        Segment oldest;
        while ((oldest = segments.peekFirst()) != null && oldest.sequence < keep.sequence && oldest.liveCount == 0) {
            log.unindex(oldest);
            Files.deleteIfExists(oldest.path);
            deletedSegments++;
            LOG.debug("journal segment {} deleted: no live records", oldest);
            if (forceFiles) {
                // The next deletion must not reach the disk before this one.
                SegmentFiles.forceDirectory(directory);
            }
        }
    }

    /**
     * Appends the live records of {@code from} to the log again (same ids, with an UPDATE for
     * those with a delivery count), not forced; then none of them is in {@code from} any more.
     */
    void copyForward(Segment from) throws IOException {
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
                log.add(e.getKey(), buf.array(), r.length);
                if (count >= 0) {
                    live.get(e.getKey()).deliveryCount = -1;
                    log.update(e.getKey(), count);
                }
            }
        }
    }
}
