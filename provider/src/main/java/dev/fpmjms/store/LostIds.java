package dev.fpmjms.store;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * The store ids one loss may have held ({@link JournalLosses}): a range {@code [from, below)}
 * kept as a bit set (an id takes one bit, so a range of millions stays small) and a few single
 * ids read from damaged record headers. Ids found to have an ADD or REMOVE record elsewhere are
 * struck out with {@link #recorded}; what is left is lost. Confined to the opening thread.
 */
final class LostIds {
    private final long from;
    private final long below;
    /** Bit {@code id - from} set: the id is recorded elsewhere, not lost. */
    private final BitSet recorded = new BitSet();
    private final TreeSet<Long> singles = new TreeSet<>();

    /** The ids of {@code [from, below)}; an empty range when {@code below <= from}. */
    LostIds(long from, long below) {
        this.from = Math.max(1, from);
        this.below = Math.max(this.from, below);
    }

    /** Adds one id outside the range, read from a damaged record's header. */
    void add(long id) {
        if (id < from || id >= below) {
            singles.add(id);
        }
    }

    boolean contains(long id) {
        return (id >= from && id < below && !recorded.get((int) (id - from))) || singles.contains(id);
    }

    /** Strikes out an id that has an ADD or REMOVE record somewhere. */
    void recorded(long id) {
        if (id >= from && id < below) {
            recorded.set((int) (id - from));
        }
        singles.remove(id);
    }

    long count() {
        return (below - from) - recorded.cardinality() + singles.size();
    }

    /** Every id left, in order (for tests). */
    List<Long> ids() {
        List<Long> all = new ArrayList<>();
        for (long[] run : runs(Integer.MAX_VALUE)) {
            for (long id = run[0]; id <= run[1]; id++) {
                all.add(id);
            }
        }
        return all;
    }

    /** The ids left as runs of consecutive ids {@code {first, last}}, in order, at most {@code max} of them. */
    private List<long[]> runs(int max) {
        List<long[]> runs = new ArrayList<>();
        int size = (int) (below - from);
        for (int i = recorded.nextClearBit(0); i < size && runs.size() <= max; ) {
            int end = Math.min(recorded.nextSetBit(i) < 0 ? size : recorded.nextSetBit(i), size);
            runs.add(new long[]{from + i, from + end - 1});
            i = recorded.nextClearBit(end);
        }
        for (long id : singles) {
            runs.add(new long[]{id, id});
        }
        runs.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : runs) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** The ids left as runs, up to {@code max} of them: "1-1790, 1792, ...". */
    String describe(int max) {
        StringBuilder sb = new StringBuilder();
        List<long[]> runs = runs(max);
        for (int i = 0; i < runs.size(); i++) {
            if (i == max) {
                return sb.append(", ...").toString();
            }
            append(sb, runs.get(i)[0], runs.get(i)[1]);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, long start, long end) {
        if (sb.length() > 0) {
            sb.append(", ");
        }
        sb.append(start);
        if (end > start) {
            sb.append('-').append(end);
        }
    }
}
