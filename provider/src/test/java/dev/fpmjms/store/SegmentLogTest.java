package dev.fpmjms.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Preallocation ({@link SegmentPreparation}) through {@link SegmentLog}, driven step by step on the test's thread (no writer thread). */
@Timeout(30)
class SegmentLogTest {
    private static final long SEGMENT = 3L * SegmentPreparation.PREALLOCATE_STEP;

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().collect(Collectors.toList());
        }
    }

    /** The BASE record that opens every segment (small ids: one byte per varint). */
    private static final int BASE = JournalRecord.base(1, 1, 1).size();

    private static byte[] record(long id, int bodyBytes) {
        ByteSink s = JournalRecord.add(id, "q", dev.fpmjms.envelope.FpmEnvelope.builder(dev.fpmjms.envelope.DestinationRef.queue("q"))
                .messageId("ID:" + id).body(dev.fpmjms.envelope.BodyType.BYTES, new byte[bodyBytes]).build());
        return java.util.Arrays.copyOf(s.array(), s.size());
    }

    @Test
    void idleStepsFillTheSegmentAheadThenPrepareTheNextOneWhichTheRollUses() throws Exception {
        SegmentLog log = new SegmentLog(dir, SEGMENT, true, JournalRecovery.scan(dir));
        log.start();
        Path first = files().get(0);
        assertEquals(Segment.HEADER_BYTES + BASE + SegmentPreparation.PREALLOCATE_STEP, Files.size(first), "first step done at start");

        int steps = 0;
        while (log.wantsPreparation()) {
            log.prepareStep();
            assertTrue(++steps < 10, "preparation ends");
        }
        assertEquals(SEGMENT, Files.size(first), "zero-filled up to the segment size (less than PREALLOCATE_AHEAD here)");
        List<Path> all = files();
        assertEquals(2, all.size(), "the next segment is prepared: " + all);
        Path next = all.get(1);
        assertEquals(Segment.HEADER_BYTES + SegmentPreparation.PREALLOCATE_STEP, Files.size(next));

        // Fill the first segment: appends stay inside the preallocated space, then the roll takes
        // the prepared file instead of creating one.
        long id = 1;
        while (log.segmentCount() == 1) {
            byte[] rec = record(id, 64 * 1024);
            log.add(id++, rec, rec.length);
            log.flush();
            if (log.segmentCount() == 1) {
                assertEquals(SEGMENT, Files.size(first), "the file does not grow while records fit");
            }
        }
        assertEquals(2, files().size(), "the roll used the prepared segment");
        assertTrue(Files.size(first) < SEGMENT, "the rolled segment is cut to its records");
        log.close();
        assertEquals(2, files().size());

        JournalRecovery again = JournalRecovery.scan(dir);
        assertEquals(0, again.warnings);
        assertEquals(id - 1, again.live.size());
    }

    @Test
    void closeDeletesAnUnusedPreparedSegment() throws Exception {
        SegmentLog log = new SegmentLog(dir, JournalStore.MIN_SEGMENT_BYTES, true, JournalRecovery.scan(dir));
        log.start();
        while (log.wantsPreparation()) {
            log.prepareStep();
        }
        assertEquals(2, files().size());
        log.close();
        assertEquals(1, files().size());
        assertEquals(Segment.HEADER_BYTES + BASE, Files.size(files().get(0)), "cut to its records (the opening BASE)");
    }

    @Test
    void withoutForcingNothingIsPreallocated() throws Exception {
        SegmentLog log = new SegmentLog(dir, SEGMENT, false, JournalRecovery.scan(dir));
        log.start();
        assertFalse(log.wantsPreparation());
        assertEquals(Segment.HEADER_BYTES + BASE, Files.size(files().get(0)));
        log.close();
    }

    @Test
    void aPreparedSegmentLeftByACrashIsRecoveredAsEmpty() throws Exception {
        SegmentLog log = new SegmentLog(dir, JournalStore.MIN_SEGMENT_BYTES, true, JournalRecovery.scan(dir));
        log.start();
        byte[] rec = record(1, 100);
        log.add(1, rec, rec.length);
        log.force();
        while (log.wantsPreparation()) {
            log.prepareStep();
        }
        log.abandon(); // a crash: nothing cut, nothing deleted
        assertEquals(2, files().size());
        JournalRecovery r = JournalRecovery.scan(dir);
        assertEquals(0, r.warnings);
        assertEquals(1, r.live.size());
        assertEquals(2, r.segments.size());
        for (Path p : files()) {
            assertTrue(Files.size(p) < JournalStore.MIN_SEGMENT_BYTES, "zero tails cut: " + p + " " + Files.size(p));
        }
    }
}
