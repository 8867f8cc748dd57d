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
    private long nextSequence;
    private Segment current;
    private long totalBytes;
    private long liveBytes;
    private boolean unforced;
    private boolean reclaimWanted = true;
    private long deletedSegments;

    /**
     * @param forceFiles whether rolls, copies and deletions are forced (false for policy NEVER)
     */
    SegmentLog(Path directory, long segmentBytes, boolean forceFiles, JournalRecovery recovered) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.forceFiles = forceFiles;
        this.segments = recovered.segments;
        this.live = recovered.live;
        this.nextSequence = recovered.maxSequence + 1;
        for (Segment s : segments) {
            totalBytes += s.size;
            liveBytes += s.liveBytes;
        }
    }

    /** Opens a fresh current segment: the journal never appends to a file written before a restart. */
    void start() throws IOException {
        roll();
        reclaim();
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
        if (current.size + length > segmentBytes && current.size > Segment.HEADER_BYTES) {
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

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            current.channel.write(b);
        }
    }

    /** Writes staged bytes and forces the current segment's data to the disk. */
    void force() throws IOException {
        flush();
        current.channel.force(false);
        unforced = false;
    }

    private void roll() throws IOException {
        if (current != null) {
            if (forceFiles) {
                force();
            } else {
                flush();
            }
            current.channel.close();
            current.channel = null;
        }
        long sequence = nextSequence++;
        Path path = directory.resolve(Segment.fileName(sequence));
        Segment s = new Segment(sequence, path, 0);
        s.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = Segment.header(sequence);
        while (header.hasRemaining()) {
            s.channel.write(header);
        }
        s.size = Segment.HEADER_BYTES;
        totalBytes += Segment.HEADER_BYTES;
        segments.add(s);
        current = s;
        if (forceFiles) {
            forceDirectory();
        }
        reclaimWanted = true;
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
        Segment oldest;
        while ((oldest = segments.peekFirst()) != null && oldest != current && oldest.liveCount == 0) {
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

    /** Writes what is staged, forces it and closes the current segment. */
    @Override
    public void close() throws IOException {
        if (current != null && current.channel != null) {
            try {
                force();
            } finally {
                current.channel.close();
                current.channel = null;
            }
        }
    }

    /** Closes the current segment's channel without writing; after a failure. */
    void abandon() {
        if (current != null && current.channel != null) {
            try {
                current.channel.close();
            } catch (IOException e) {
                LOG.debug("closing a failed journal segment: {}", e.toString());
            }
            current.channel = null;
        }
    }
}
