package dev.fpmjms.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What recovery found damaged or missing in a journal, and which messages that cost: stretches of
 * damaged bytes inside segments ({@link Damage}) and segments missing from the sequence
 * ({@link Missing}). Each names the store ids it may have held; once the whole journal is read,
 * {@link #settle} drops the ids that still have an ADD or REMOVE record somewhere, and what is
 * left was lost. Confined to the opening thread.
 *
 * <p>The ids a loss may have held: for damage, the ids of record headers still readable in it,
 * and every id above the highest ADD read before it and below the first ADD read after it; for a
 * missing segment, the ids from the lowest live id to the next id that the following segment's
 * {@link RecordType#BASE} record gives. Store ids rise with every add, so with one writer this is
 * exact; a message whose ADD and REMOVE were both in the lost bytes (it was acknowledged already)
 * is counted too, so the count is an upper bound.
 */
final class JournalLosses {
    private static final Logger LOG = LoggerFactory.getLogger(JournalLosses.class);
    /** The most ids one loss enumerates; a wider range is reported as a range. */
    static final long MAX_IDS_PER_LOSS = 1_000_000;
    /** The most ids one log line lists. */
    private static final int IDS_LOGGED = 50;

    /** A stretch of damaged bytes in one segment, from a bad record to the next valid one (or the end). */
    static final class Damage {
        final Segment segment;
        final long from;
        final String problem;
        /** The lowest id an ADD after the last one read before the damage can have. */
        final long firstPossibleId;
        final List<Long> readableIds = new ArrayList<>();
        long to;
        /** The first ADD id after the damage, or -1 when none is known. */
        long firstAddIdAfter = -1;
        int recordsAfter;
        final Set<Long> lost = new TreeSet<>();
        String unbounded;

        Damage(Segment segment, long from, String problem, long firstPossibleId) {
            this.segment = segment;
            this.from = from;
            this.problem = problem;
            this.firstPossibleId = firstPossibleId;
        }
    }

    /** Segments {@code first..last} (sequences) missing from the journal's directory. */
    static final class Missing {
        final long first;
        final long last;
        /** From the BASE record at the start of the next segment present, or -1. */
        final long lowestLive;
        final long nextId;
        final Set<Long> lost = new TreeSet<>();
        String unbounded;

        Missing(long first, long last, long lowestLive, long nextId) {
            this.first = first;
            this.last = last;
            this.lowestLive = lowestLive;
            this.nextId = nextId;
        }
    }

    final List<Damage> damages = new ArrayList<>();
    final List<Missing> missing = new ArrayList<>();
    /** Segments missing from the directory that are in the quarantine folder (damaged at an earlier start). */
    final List<Long> quarantinedBefore = new ArrayList<>();

    boolean isEmpty() {
        return damages.isEmpty() && missing.isEmpty();
    }

    /** Every id lost, in order. */
    List<Long> lostIds() {
        TreeSet<Long> all = new TreeSet<>();
        damages.forEach(d -> all.addAll(d.lost));
        missing.forEach(m -> all.addAll(m.lost));
        return List.copyOf(all);
    }

    /**
     * Works out the ids each loss may have held, drops those with an ADD or REMOVE record in
     * {@code segments} (read again for that: only when something was damaged or missing), and logs
     * one ERROR line per loss.
     */
    void settle(Collection<Segment> segments) throws IOException {
        if (isEmpty()) {
            return;
        }
        TreeSet<Long> candidates = new TreeSet<>();
        for (Damage d : damages) {
            d.lost.addAll(d.readableIds);
            if (d.firstAddIdAfter < 0) {
                d.unbounded = "no valid ADD record follows the damage, so the ids of store id " + d.firstPossibleId
                        + " and above in it cannot be counted";
            } else if (d.firstAddIdAfter - d.firstPossibleId > MAX_IDS_PER_LOSS) {
                d.unbounded = "store ids " + d.firstPossibleId + " to " + (d.firstAddIdAfter - 1) + " are too many to check one by one";
            } else {
                addRange(d.lost, d.firstPossibleId, d.firstAddIdAfter);
            }
            candidates.addAll(d.lost);
        }
        for (Missing m : missing) {
            if (m.lowestLive < 0) {
                m.unbounded = "the journal has no record of the ids they held";
            } else if (m.nextId - m.lowestLive > MAX_IDS_PER_LOSS) {
                m.unbounded = "store ids " + m.lowestLive + " to " + (m.nextId - 1) + " are too many to check one by one";
            } else {
                addRange(m.lost, m.lowestLive, m.nextId);
            }
            candidates.addAll(m.lost);
        }
        Set<Long> present = recordedIds(segments, candidates);
        for (Damage d : damages) {
            d.lost.removeAll(present);
            log(d);
        }
        for (Missing m : missing) {
            m.lost.removeAll(present);
            log(m);
        }
    }

    private static void addRange(Set<Long> into, long from, long below) {
        for (long id = Math.max(1, from); id < below; id++) {
            into.add(id);
        }
    }

    /** The ids among {@code candidates} that have an ADD or REMOVE record in a valid record of {@code segments}. */
    private static Set<Long> recordedIds(Collection<Segment> segments, Set<Long> candidates) throws IOException {
        Set<Long> found = new TreeSet<>();
        if (candidates.isEmpty()) {
            return found;
        }
        for (Segment s : segments) {
            try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
                SegmentReader reader = new SegmentReader(ch, ch.size(), Segment.HEADER_BYTES);
                while (true) {
                    SegmentReader.Outcome o = reader.next();
                    if (o == SegmentReader.Outcome.RECORD) {
                        if ((reader.type == RecordType.ADD || reader.type == RecordType.REMOVE) && candidates.contains(reader.id)) {
                            found.add(reader.id);
                        }
                    } else if (o != SegmentReader.Outcome.CORRUPT || reader.resync() < 0) {
                        break;
                    }
                }
            }
        }
        return found;
    }

    private static void log(Damage d) {
        LOG.error("journal segment {}: {} damaged bytes at offsets {} to {} ({}); {} valid records after the damage recovered; "
                        + "messages lost: {}{}{}; removals in the damaged bytes are lost too (those messages are delivered again); "
                        + "the segment is moved to the quarantine folder",
                d.segment, d.to - d.from, d.from, d.to, d.problem, d.recordsAfter, d.lost.size(),
                d.lost.isEmpty() ? "" : " (store ids " + ids(d.lost) + ")",
                d.unbounded == null ? "" : ", and possibly more: " + d.unbounded);
    }

    private static void log(Missing m) {
        String which = m.first == m.last ? Segment.fileName(m.first) : Segment.fileName(m.first) + " to " + Segment.fileName(m.last);
        LOG.error("journal segment {} is missing (deleted or moved outside fpm-jms) although the journal still needs it: "
                        + "messages lost: {}{}{}",
                which, m.lost.size(), m.lost.isEmpty() ? "" : " (store ids " + ids(m.lost) + ")",
                m.unbounded == null ? "" : ", and possibly more: " + m.unbounded);
    }

    /** Up to {@value #IDS_LOGGED} ids, ranges of consecutive ids joined ("1-4068, 4070"). */
    static String ids(Set<Long> ids) {
        StringBuilder sb = new StringBuilder();
        int parts = 0;
        long start = -1;
        long prev = -1;
        for (long id : ids) {
            if (start >= 0 && id == prev + 1) {
                prev = id;
                continue;
            }
            if (start >= 0) {
                parts = append(sb, start, prev, parts);
                if (parts >= IDS_LOGGED) {
                    return sb.append(", ...").toString();
                }
            }
            start = id;
            prev = id;
        }
        if (start >= 0) {
            append(sb, start, prev, parts);
        }
        return sb.toString();
    }

    private static int append(StringBuilder sb, long start, long end, int parts) {
        if (parts > 0) {
            sb.append(", ");
        }
        sb.append(start);
        if (end > start) {
            sb.append('-').append(end);
        }
        return parts + 1;
    }
}
