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
 * A torn tail is truncated, corruption stops the segment there; both are logged as warnings and
 * never fail the start. A zero-filled tail (space preallocated by the writer) is the normal end of
 * a segment's records: it is cut off without a warning. Builds the index of live records, then decodes the live messages.
 * Runs on the opening thread before the writer starts.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    final ArrayDeque<Segment> segments = new ArrayDeque<>();
    final Map<Long, LiveRecord> live = new HashMap<>();
    long maxId;
    long maxSequence;
    int warnings;
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
            r.maxSequence = Math.max(r.maxSequence, f.getKey());
            try {
                r.readSegment(f.getKey(), f.getValue());
            } catch (IOException | RuntimeException e) {
                r.warn("journal segment {} could not be read and is skipped (left in place): {}", f.getValue(), e.toString());
            }
        }
        return r;
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
                warn("journal segment {} has a bad header (magic {}, version {}, sequence {}); skipped and left in place",
                        path, Integer.toHexString(magic), version, headerSequence);
                return;
            }
            Segment segment = new Segment(sequence, path, size);
            segments.add(segment);
            SegmentReader reader = new SegmentReader(ch, size, Segment.HEADER_BYTES);
            int records = 0;
            while (true) {
                SegmentReader.Outcome outcome = reader.next();
                if (outcome == SegmentReader.Outcome.RECORD) {
                    records++;
                    apply(segment, reader);
                    continue;
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
                } else if (outcome == SegmentReader.Outcome.CORRUPT) {
                    long at = reader.position();
                    warn("journal segment {}: corrupt record at offset {} ({}); the segment is read no further: "
                                    + "{} bytes after it are ignored (messages in them are lost), {} records before it recovered",
                            path, at, reader.problem, size - at, records);
                }
                return;
            }
        }
    }

    private void apply(Segment segment, SegmentReader r) {
        maxId = Math.max(maxId, r.id);
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
