package dev.fpmjms.store;

import dev.fpmjms.config.FsyncPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage to a journal of 5,000 unacknowledged messages between two runs: bytes flipped or a page
 * zeroed in the middle of segment 1, segment 1 deleted, a disk that is still full at the restart.
 * Recovery loses exactly the damaged records, names them, and sets the damaged file aside; a
 * missing segment is found; a full disk refuses the start. Files are owner-only.
 */
@Timeout(120)
class JournalDamageTest {
    private static final int COUNT = 5_000;
    private static final long SEGMENT = 128 * 1024;

    @TempDir
    Path dir;

    /** Adds "m0".."m4999" (about 130 bytes a record) in batches, unacknowledged. */
    private void write() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SEGMENT)) {
            for (int i = 0; i < COUNT; i += 100) {
                List<FpmEnvelope> batch = new ArrayList<>();
                for (int j = i; j < i + 100; j++) {
                    batch.add(FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:m" + j).persistent(true)
                            .timestamp(1_700_000_000_000L + j).type("order").property("customer", "c" + j)
                            .body(BodyType.TEXT, "m" + j).build());
                }
                store.addAll("q", batch);
            }
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().collect(Collectors.toList());
        }
    }

    /** The store ids of the ADD records in a segment, by their offset; and their ends. */
    private static TreeMap<Long, long[]> adds(Path segment) throws IOException {
        TreeMap<Long, long[]> out = new TreeMap<>();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(JournalRecord.HEADER_BYTES + 9);
            long pos = Segment.HEADER_BYTES;
            while (pos + JournalRecord.HEADER_BYTES <= ch.size()) {
                head.clear();
                ch.read(head, pos);
                int length = head.getInt(0);
                if (length == 0) {
                    break;
                }
                long end = pos + JournalRecord.HEADER_BYTES + length;
                if (head.get(JournalRecord.HEADER_BYTES) == RecordType.ADD.code) {
                    out.put(pos, new long[]{head.getLong(JournalRecord.HEADER_BYTES + 1), end});
                }
                pos = end;
            }
        }
        return out;
    }

    /** The ids of the ADD records that overlap bytes [from, to) of the segment. */
    private static Set<Long> idsTouching(Path segment, long from, long to) throws IOException {
        Set<Long> ids = new TreeSet<>();
        for (var e : adds(segment).entrySet()) {
            if (e.getKey() < to && e.getValue()[1] > from) {
                ids.add(e.getValue()[0]);
            }
        }
        return ids;
    }

    private static Set<String> bodies(List<StoredMessage> messages) {
        return messages.stream().map(m -> (String) m.envelope().body()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** "m" + (id - 1) for every id 1..5000 not in {@code lost}: ids are given in send order from 1. */
    private static Set<String> allBut(Set<Long> lost) {
        Set<String> out = new TreeSet<>();
        for (long id = 1; id <= COUNT; id++) {
            if (!lost.contains(id)) {
                out.add("m" + (id - 1));
            }
        }
        return out;
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    private static byte[] read(Path file, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.read(b, at);
        }
        return b.array();
    }

    /** Opens the damaged journal, checks it recovers all but {@code lost}, and that the segment went to quarantine. */
    private void recoverAllBut(Set<Long> lost, Path damagedSegment, String figure) throws Exception {
        long size = Files.size(damagedSegment);
        long started = System.nanoTime();
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SEGMENT)) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            List<StoredMessage> got = store.recover();
            System.out.printf("FIGURES journal-%s: messages=%d recovered=%d lost=%d lostIds=%s recoverMillis=%d%n",
                    figure, COUNT, got.size(), store.lostIds().size(), store.losses().describe(), millis);
            assertEquals(allBut(lost), bodies(got), "everything intact recovered, after the damage too");
            assertEquals(COUNT - lost.size(), got.size());
            assertEquals(List.copyOf(lost), store.lostIds(), "the lost messages are named");
            assertEquals(1, store.losses().damages.size());
            // Acknowledge everything: the damaged segment is then dead, and must still not be deleted.
            for (StoredMessage m : got) {
                store.remove(m.id());
            }
        }
        Path moved = JournalQuarantine.folder(dir).resolve(damagedSegment.getFileName());
        assertFalse(Files.exists(damagedSegment), "moved out of the journal");
        assertEquals(size, Files.size(moved), "quarantined as it was, not deleted or cut");
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SEGMENT)) {
            assertTrue(store.recover().isEmpty(), "the acknowledged messages stay acknowledged");
            assertEquals(0, store.recoveryWarnings(), "the damage is reported once");
        }
        assertTrue(Files.exists(moved), "still there after the next start");
    }

    @Test
    void sixteenBytesFlippedMidSegmentOneLoseOnlyTheRecordsTheyHit() throws Exception {
        write();
        Path first = segments().get(0);
        assertTrue(segments().size() >= 3, "the messages span segments: " + segments());
        long at = Files.size(first) / 2;
        Set<Long> lost = idsTouching(first, at, at + 16);
        byte[] bytes = read(first, at, 16);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= (byte) 0xFF;
        }
        overwrite(first, at, bytes);
        assertTrue(lost.size() >= 1 && lost.size() <= 2, "16 bytes hit one record or two: " + lost);
        recoverAllBut(lost, first, "16-bytes-flipped");
    }

    @Test
    void aZeroedPageMidSegmentOneLosesOnlyTheRecordsOnIt() throws Exception {
        write();
        Path first = segments().get(0);
        long page = Files.size(first) / 2 / 4096 * 4096;
        Set<Long> lost = idsTouching(first, page, page + 4096);
        overwrite(first, page, new byte[4096]);
        assertTrue(lost.size() > 20, "a page holds dozens of records: " + lost);
        recoverAllBut(lost, first, "page-zeroed");
    }

    @Test
    void segmentOneDeletedIsFoundMissingAndItsMessagesNamed() throws Exception {
        write();
        List<Path> segs = segments();
        assertTrue(segs.size() >= 3, "the messages span segments: " + segs);
        Set<Long> inFirst = new TreeSet<>();
        adds(segs.get(0)).values().forEach(v -> inFirst.add(v[0]));
        Files.delete(segs.get(0));
        long started = System.nanoTime();
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SEGMENT)) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            List<StoredMessage> got = store.recover();
            System.out.printf("FIGURES journal-segment-1-deleted: messages=%d recovered=%d lost=%d lostIds=%s recoverMillis=%d%n",
                    COUNT, got.size(), store.lostIds().size(), store.losses().describe(), millis);
            assertEquals(allBut(inFirst), bodies(got));
            assertEquals(1, store.losses().missing.size(), "the gap is detected");
            JournalLosses.Missing gap = store.losses().missing.get(0);
            assertEquals(1, gap.first);
            assertEquals(1, gap.last);
            assertEquals(List.copyOf(inFirst), store.lostIds(), "the messages of segment 1 are named lost");
            assertTrue(store.recoveryWarnings() >= 1);
        }
    }

    @Test
    void segmentsDeletedByTheJournalItselfAreNoGap() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, JournalStore.MIN_SEGMENT_BYTES)) {
            store.add("dlq", FpmEnvelope.builder(DestinationRef.queue("dlq")).messageId("ID:pinned").body(BodyType.TEXT, "pinned").build());
            for (int i = 0; i < 500; i++) {
                store.remove(store.add("q", FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:" + i)
                        .body(BodyType.TEXT, "x".repeat(1000)).build()));
            }
        }
        assertTrue(Files.notExists(dir.resolve(Segment.fileName(1))), "old segments were reclaimed");
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, JournalStore.MIN_SEGMENT_BYTES)) {
            assertEquals(Set.of("pinned"), bodies(store.recover()));
            assertTrue(store.losses().isEmpty(), "no gap reported for segments the journal deleted");
            assertEquals(0, store.recoveryWarnings());
        }
    }

    @Test
    void removalsAndDeliveryCountsInAQuarantinedSegmentStillHoldForOlderMessages() throws Exception {
        String filler = "f".repeat(1000);
        int fillersAfter = 0;
        long pinned;
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, JournalStore.MIN_SEGMENT_BYTES)) {
            pinned = store.add("q", FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:pinned").body(BodyType.TEXT, "pinned").build());
            long gone = store.add("q", FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:gone").body(BodyType.TEXT, "gone").build());
            // About 60 fit in a segment: the update, the removal and the b's go to the second.
            for (int i = 0; i < 100; i++) {
                store.add("q", FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:a" + i).body(BodyType.TEXT, filler + "a" + i).build());
            }
            store.updateDeliveryCount(pinned, 3);
            store.remove(gone);
            for (; fillersAfter < 5; fillersAfter++) {
                store.add("q", FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:b" + fillersAfter)
                        .body(BodyType.TEXT, filler + "b" + fillersAfter).build());
            }
        }
        List<Path> segs = segments();
        assertEquals(2, segs.size(), "two segments: " + segs);
        Path second = segs.get(1);
        List<Long> offsets = JournalStoreTest.recordOffsets(second);
        long victim = offsets.get(offsets.size() - 2);
        byte[] b = read(second, victim + JournalRecord.HEADER_BYTES + 40, 1);
        b[0] ^= 0x5A;
        overwrite(second, victim + JournalRecord.HEADER_BYTES + 40, b);
        for (int restart = 1; restart <= 2; restart++) {
            try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, JournalStore.MIN_SEGMENT_BYTES)) {
                List<StoredMessage> got = store.recover();
                Set<String> names = got.stream().map(m -> m.envelope().messageId()).collect(Collectors.toSet());
                assertFalse(names.contains("ID:gone"), "restart " + restart + ": the removal in the quarantined segment holds");
                assertFalse(names.contains("ID:b3"), "restart " + restart + ": the damaged record is lost");
                assertTrue(names.contains("ID:b4") && names.contains("ID:b2"), "restart " + restart + ": " + names);
                StoredMessage p = got.stream().filter(m -> m.id() == pinned).findFirst().orElseThrow();
                assertEquals(3, p.envelope().deliveryCount(), "restart " + restart + ": the count in the quarantined segment holds");
            }
        }
        assertTrue(Files.exists(JournalQuarantine.folder(dir).resolve(second.getFileName())));
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        Path data = dir.resolve("new/data");
        try (JournalStore store = JournalStore.open(data, FsyncPolicy.ALWAYS)) {
            store.add("q", FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:1").body(BodyType.TEXT, "one").build());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("journal.lock"))));
        try (Stream<Path> files = Files.list(data)) {
            for (Path p : files.collect(Collectors.toList())) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
        // A lock file left by an older version is made owner-only too; the quarantine folder is 0700.
        Files.setPosixFilePermissions(data.resolve("journal.lock"), PosixFilePermissions.fromString("rw-r--r--"));
        Path segment;
        try (Stream<Path> files = Files.list(data)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        overwrite(segment, 0, new byte[4]);
        JournalStore.open(data, FsyncPolicy.ALWAYS).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("journal.lock"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(JournalQuarantine.folder(data))));
    }

    @Test
    void aRestartOnAFullDiskRefusesToStartAndLosesNothing() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            for (int i = 0; i < 100; i++) {
                store.add("q", FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:" + i).body(BodyType.TEXT, "m" + i).build());
            }
        }
        List<Path> before = segments();
        for (FsyncPolicy policy : List.of(FsyncPolicy.ALWAYS, FsyncPolicy.NEVER)) {
            StoreException e = assertThrows(StoreException.class,
                    () -> JournalStore.open(dir, policy, JournalStore.DEFAULT_SEGMENT_BYTES, FullDiskChannel.files()));
            assertTrue(e.getMessage().contains(FullDiskChannel.ENOSPC) && e.getMessage().contains("refusing to start"), e.getMessage());
            assertEquals(before, segments(), "no file left behind");
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(100, store.recover().size(), "once there is room, everything is there");
            assertEquals(0, store.recoveryWarnings());
        }
    }
}
