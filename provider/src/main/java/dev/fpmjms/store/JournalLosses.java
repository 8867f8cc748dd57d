package dev.fpmjms.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
    /** The widest range of ids one loss checks id by id (a bit each); a wider one is reported as a range. */
    static final long MAX_IDS_PER_LOSS = 64L << 20;
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
        LostIds lost = new LostIds(0, 0);
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
        LostIds lost = new LostIds(0, 0);
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

    /** The lost ids of every loss, as runs ("858-915; 1-1791"). */
    String describe() {
        List<String> parts = new ArrayList<>();
        damages.forEach(d -> parts.add(d.lost.describe(IDS_LOGGED)));
        missing.forEach(m -> parts.add(m.lost.describe(IDS_LOGGED)));
        return String.join("; ", parts);
    }

    /** Every id lost, in order (for tests: it lists each id). */
    List<Long> lostIds() {
        TreeSet<Long> all = new TreeSet<>();
        damages.forEach(d -> all.addAll(d.lost.ids()));
        missing.forEach(m -> all.addAll(m.lost.ids()));
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
        List<LostIds> all = new ArrayList<>();
        for (Damage d : damages) {
            if (d.firstAddIdAfter < 0) {
                d.unbounded = "no valid ADD record follows the damage, so the ids of store id " + d.firstPossibleId
                        + " and above in it cannot be counted";
            } else if (d.firstAddIdAfter - d.firstPossibleId > MAX_IDS_PER_LOSS) {
                d.unbounded = "store ids " + d.firstPossibleId + " to " + (d.firstAddIdAfter - 1) + " are too many to check one by one";
            } else {
                d.lost = new LostIds(d.firstPossibleId, d.firstAddIdAfter);
            }
            d.readableIds.forEach(d.lost::add);
            all.add(d.lost);
        }
        for (Missing m : missing) {
            if (m.lowestLive < 0) {
                m.unbounded = "the journal has no record of the ids they held";
            } else if (m.nextId - m.lowestLive > MAX_IDS_PER_LOSS) {
                m.unbounded = "store ids " + m.lowestLive + " to " + (m.nextId - 1) + " are too many to check one by one";
            } else {
                m.lost = new LostIds(m.lowestLive, m.nextId);
            }
            all.add(m.lost);
        }
        strikeRecorded(segments, all);
        damages.forEach(JournalLosses::log);
        missing.forEach(JournalLosses::log);
    }

    /** Strikes out of {@code losses} the ids that have an ADD or REMOVE in a valid record of {@code segments}. */
    private static void strikeRecorded(Collection<Segment> segments, List<LostIds> losses) throws IOException {
        for (Segment s : segments) {
            SegmentReader.forEach(s.path, r -> {
                if (r.type == RecordType.ADD || r.type == RecordType.REMOVE) {
                    for (LostIds l : losses) {
                        l.recorded(r.id);
                    }
                }
            });
        }
    }

    private static void log(Damage d) {
        LOG.error("journal segment {}: {} damaged bytes at offsets {} to {} ({}); {} valid records after the damage recovered; "
                        + "messages lost: {}{}{}; removals in the damaged bytes are lost too (those messages are delivered again); "
                        + "the segment is moved to the quarantine folder",
                d.segment, d.to - d.from, d.from, d.to, d.problem, d.recordsAfter, d.lost.count(),
                d.lost.count() == 0 ? "" : " (store ids " + d.lost.describe(IDS_LOGGED) + ")",
                d.unbounded == null ? "" : ", and possibly more: " + d.unbounded);
    }

    private static void log(Missing m) {
        String which = m.first == m.last ? Segment.fileName(m.first) : Segment.fileName(m.first) + " to " + Segment.fileName(m.last);
        LOG.error("journal segment {} is missing (deleted or moved outside fpm-jms) although the journal still needs it: "
                        + "messages lost: {}{}{}",
                which, m.lost.count(), m.lost.count() == 0 ? "" : " (store ids " + m.lost.describe(IDS_LOGGED) + ")",
                m.unbounded == null ? "" : ", and possibly more: " + m.unbounded);
    }
}
