package dev.fpmjms.store;

import dev.fpmjms.envelope.FpmEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a journal directory at start: every segment in sequence order, every record checked.
 * A torn tail is truncated (a warning); a zero-filled tail (space preallocated by the writer) is
 * the normal end of a segment's records and is cut off without one. Damage in the middle of a
 * segment is skipped: reading resumes at the next valid record ({@link SegmentReader#resync()}),
 * and the segment is marked {@link Segment#damaged} so that the start copies its intact records
 * forward and moves the file to the quarantine folder ({@link SegmentLog}). Segments missing
 * from the sequence are found with the {@link RecordType#BASE} records. What damage and missing
 * segments lost is logged as errors, with the store ids ({@link JournalLosses}); none of it
 * fails the start. Builds the index of live records, then decodes the live messages. Runs on the
 * opening thread before the writer starts.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    final ArrayDeque<Segment> segments = new ArrayDeque<>();
    final Map<Long, LiveRecord> live = new HashMap<>();
    long maxId;
    long maxSequence;
    int warnings;
    final JournalLosses losses = new JournalLosses();
    /** The highest oldest-segment-needed of the BASE records read, or -1 (a journal written before them). */
    private long oldestNeeded = -1;
    private long maxAddId;
    private final Path directory;

    private JournalRecovery(Path directory) {
        this.directory = directory;
    }

    /** Scans the directory; I/O errors of single segments are logged and the segment skipped. */
    static JournalRecovery scan(Path directory) throws IOException {
        JournalRecovery r = new JournalRecovery(directory);
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory)) {
            for (Path p : dir) {
                long seq = Segment.sequenceOf(p.getFileName().toString());
                if (seq >= 0) {
                    files.put(seq, p);
                }
            }
        }
        for (Map.Entry<Long, Path> f : files.entrySet()) {
            try {
                r.readSegment(f.getKey(), f.getValue());
            } catch (IOException | RuntimeException e) {
                r.warn("journal segment {} could not be read and is skipped (left in place): {}", f.getValue(), e.toString());
            }
            if (Files.exists(f.getValue())) {
                // A file deleted (torn at creation) or quarantined here gives its number to the next segment.
                r.maxSequence = Math.max(r.maxSequence, f.getKey());
            }
        }
        r.findMissing(files);
        r.warnings += r.losses.damages.size() + r.losses.missing.size();
        r.losses.settle(r.segments);
        return r;
    }

    /**
     * Segments from the oldest one a BASE record says is needed up to the newest present, that are
     * not there. Those in the quarantine folder were damaged at an earlier start (reported then).
     */
    private void findMissing(TreeMap<Long, Path> files) {
        if (oldestNeeded < 0 || segments.isEmpty()) {
            return;
        }
        Map<Long, Segment> present = new TreeMap<>();
        for (Segment s : segments) {
            present.put(s.sequence, s);
        }
        long runStart = -1;
        long newest = segments.getLast().sequence;
        for (long seq = oldestNeeded; seq <= newest; seq++) {
            boolean gone = !present.containsKey(seq) && !files.containsKey(seq);
            if (gone && Files.exists(JournalQuarantine.folder(directory).resolve(Segment.fileName(seq)))) {
                losses.quarantinedBefore.add(seq);
                LOG.info("journal segment {} is in the quarantine folder (damaged at an earlier start, reported then)",
                        Segment.fileName(seq));
                gone = false;
            }
            if (gone && runStart < 0) {
                runStart = seq;
            } else if (!gone && runStart >= 0) {
                Segment next = present.get(seq);
                losses.missing.add(next == null || next.baseNextId < 0
                        ? new JournalLosses.Missing(runStart, seq - 1, -1, -1)
                        : new JournalLosses.Missing(runStart, seq - 1, next.baseLowestLive, next.baseNextId));
                runStart = -1;
            }
        }
    }

    private void warn(String format, Object... args) {
        warnings++;
        LOG.warn(format, args);
    }

    private void readSegment(long sequence, Path path) throws IOException {
        long fileSize = Files.size(path);
        if (fileSize < Segment.HEADER_BYTES) {
            warn("journal segment {} has only {} bytes, less than its header (torn at creation); deleted", path, fileSize);
            Files.delete(path);
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_BYTES);
            while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
                // read the whole header
            }
            header.flip();
            int magic = header.getInt();
            int version = header.getInt();
            long headerSequence = header.getLong();
            if (magic != Segment.MAGIC || version != Segment.VERSION || headerSequence != sequence) {
                ch.close();
                Path moved = JournalQuarantine.move(directory, path);
                warn("journal segment {} has a bad header (magic {}, version {}, sequence {}); nothing read from it, moved to {}",
                        path, Integer.toHexString(magic), version, headerSequence, moved);
                return;
            }
            Segment segment = new Segment(sequence, path, size);
            segments.add(segment);
            SegmentReader reader = new SegmentReader(ch, size, Segment.HEADER_BYTES);
            int records = 0;
            JournalLosses.Damage damage = null;
            long lastBaseNextId = 0;
            while (true) {
                SegmentReader.Outcome outcome = reader.next();
                if (outcome == SegmentReader.Outcome.RECORD) {
                    if (records == 0 && reader.type == RecordType.BASE) {
                        segment.baseLowestLive = reader.baseLowestLive;
                        segment.baseNextId = reader.baseNextId;
                    }
                    if (reader.type == RecordType.BASE) {
                        lastBaseNextId = reader.baseNextId;
                    }
                    records++;
                    if (damage != null) {
                        damage.recordsAfter++;
                        if (damage.firstAddIdAfter < 0 && reader.type == RecordType.ADD) {
                            damage.firstAddIdAfter = reader.id;
                        }
                    }
                    apply(segment, reader);
                    continue;
                }
                if (outcome == SegmentReader.Outcome.CORRUPT) {
                    long at = reader.position();
                    damage = new JournalLosses.Damage(segment, at, reader.problem, Math.max(maxAddId + 1, lastBaseNextId));
                    long next = reader.resync();
                    damage.to = next < 0 ? size : next;
                    readableIds(reader, damage);
                    losses.damages.add(damage);
                    segment.damaged = true;
                    if (next >= 0) {
                        continue;
                    }
                    return;
                }
                if (outcome == SegmentReader.Outcome.END) {
                    long at = reader.position();
                    if (at < size) {
                        // The zero-filled space preallocated ahead of the records: the normal end.
                        LOG.debug("journal segment {}: {} records, then {} preallocated zero bytes (cut off)", path, records, size - at);
                        ch.truncate(at);
                        ch.force(true);
                        segment.size = at;
                    }
                } else if (outcome == SegmentReader.Outcome.TORN) {
                    long at = reader.position();
                    warn("journal segment {}: torn record at offset {} ({}); {} bytes truncated, {} records before it recovered",
                            path, at, reader.problem, size - at, records);
                    ch.truncate(at);
                    ch.force(true);
                    segment.size = at;
                }
                return;
            }
        }
    }

    /** The ids of ADD record headers that can still be read in the damaged bytes, walking their lengths. */
    private static void readableIds(SegmentReader reader, JournalLosses.Damage damage) throws IOException {
        long at = damage.from;
        long[] header;
        while ((header = reader.headerAt(at, damage.to)) != null) {
            if (header[0] == RecordType.ADD.code) {
                damage.readableIds.add(header[1]);
            }
            at = header[2];
        }
    }

    private void apply(Segment segment, SegmentReader r) {
        if (r.type == RecordType.BASE) {
            oldestNeeded = Math.max(oldestNeeded, r.id);
            return;
        }
        maxId = Math.max(maxId, r.id);
        if (r.type == RecordType.ADD) {
            maxAddId = Math.max(maxAddId, r.id);
        }
        if (r.type == null) {
            warn("journal segment {}: record type {} at offset {} is unknown to this version; skipped", segment, r.typeCode, r.recordOffset);
            return;
        }
        switch (r.type) {
            case ADD: {
                LiveRecord previous = live.put(r.id, new LiveRecord(segment, r.recordOffset, r.recordLength));
                LiveRecord now = live.get(r.id);
                if (previous != null) {
                    // A copy made by compaction: the later one counts, with the count recorded so far.
                    previous.segment.liveCount--;
                    previous.segment.liveBytes -= previous.length;
                    now.deliveryCount = previous.deliveryCount;
                }
                segment.liveCount++;
                segment.liveBytes += r.recordLength;
                return;
            }
            case REMOVE: {
                LiveRecord removed = live.remove(r.id);
                if (removed != null) {
                    removed.segment.liveCount--;
                    removed.segment.liveBytes -= removed.length;
                }
                return;
            }
            case UPDATE: {
                LiveRecord target = live.get(r.id);
                if (target != null) {
                    target.deliveryCount = r.deliveryCount;
                }
                return;
            }
            default:
                throw new IllegalStateException("unhandled record type " + r.type);
        }
    }

    /**
     * Decodes the live messages, in store-id order. A record that does not decode (written by a
     * newer version?) is logged and left in the journal, not delivered.
     */
    List<StoredMessage> readLiveMessages() throws IOException {
        List<Map.Entry<Long, LiveRecord>> entries = new ArrayList<>(live.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        Map<Segment, FileChannel> channels = new HashMap<>();
        List<StoredMessage> out = new ArrayList<>(entries.size());
        try {
            for (Map.Entry<Long, LiveRecord> e : entries) {
                LiveRecord rec = e.getValue();
                FileChannel ch = channels.get(rec.segment);
                if (ch == null) {
                    ch = FileChannel.open(rec.segment.path, StandardOpenOption.READ);
                    channels.put(rec.segment, ch);
                }
                ByteBuffer buf = ByteBuffer.allocate(rec.length);
                while (buf.hasRemaining() && ch.read(buf, rec.offset + buf.position()) >= 0) {
                    // read the whole record
                }
                try {
                    ByteSource in = new ByteSource(buf.array(), JournalRecord.HEADER_BYTES, rec.length - JournalRecord.HEADER_BYTES);
                    in.getByte("record type");
                    long id = in.getLong("record id");
                    String key = in.getString("queue key");
                    FpmEnvelope envelope = EnvelopeCodec.decode(in);
                    if (rec.deliveryCount >= 0 && rec.deliveryCount != envelope.deliveryCount()) {
                        envelope = envelope.toBuilder().deliveryCount(rec.deliveryCount).build();
                    }
                    out.add(new StoredMessage(id, key, envelope));
                } catch (MalformedRecordException | IllegalArgumentException | NullPointerException ex) {
                    warn("journal segment {}: message {} at offset {} cannot be decoded ({}); kept in the journal, not delivered",
                            rec.segment, e.getKey(), rec.offset, ex.getMessage());
                }
            }
        } finally {
            for (FileChannel ch : channels.values()) {
                ch.close();
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "JournalRecovery[" + directory + ", " + segments.size() + " segments, " + live.size() + " live]";
    }

}
