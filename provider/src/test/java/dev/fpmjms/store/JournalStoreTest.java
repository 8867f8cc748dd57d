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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class JournalStoreTest {
    private static final long SMALL_SEGMENT = JournalStore.MIN_SEGMENT_BYTES;

    @TempDir
    Path dir;

    private static FpmEnvelope text(String queue, String body) {
        return FpmEnvelope.builder(DestinationRef.queue(queue)).messageId("ID:" + body).body(BodyType.TEXT, body).build();
    }

    private static List<String> bodies(List<StoredMessage> messages) {
        return messages.stream().map(m -> (String) m.envelope().body()).collect(Collectors.toList());
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().collect(Collectors.toList());
        }
    }

    /**
     * Offsets of the message records (BASE records left out) in a segment file, found by walking
     * the length fields up to a length of 0.
     */
    static List<Long> recordOffsets(Path segment) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            long pos = Segment.HEADER_BYTES;
            ByteBuffer head = ByteBuffer.allocate(JournalRecord.HEADER_BYTES + 1);
            while (pos + JournalRecord.HEADER_BYTES <= ch.size()) {
                head.clear();
                ch.read(head, pos);
                if (head.getInt(0) == 0) {
                    break; // the zero-filled space preallocated after the records
                }
                if (head.get(JournalRecord.HEADER_BYTES) != RecordType.BASE.code) {
                    offsets.add(pos);
                }
                pos += JournalRecord.HEADER_BYTES + head.getInt(0);
            }
        }
        return offsets;
    }

    /** The names of the files in the quarantine folder of {@code directory}. */
    static List<String> quarantined(Path directory) throws IOException {
        Path folder = JournalQuarantine.folder(directory);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> allBut(int n, int... lost) {
        List<String> out = expected(n);
        for (int i = lost.length - 1; i >= 0; i--) {
            out.remove(lost[i]);
        }
        return out;
    }

    /** Adds "m0".."m{n-1}" to queue q in one session and returns the segment that holds them. */
    private Path writeMessages(int n) throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            for (int i = 0; i < n; i++) {
                store.add("q", text("q", "m" + i));
            }
        }
        List<Path> segs = segments();
        return segs.get(segs.size() - 1);
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            b.rewind();
            ch.write(b, at);
        }
    }

    private static List<String> expected(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("m" + i);
        }
        return out;
    }

    @Test
    void addRemoveUpdateAndRecover() throws Exception {
        long[] ids = new long[4];
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertTrue(store.recover().isEmpty());
            ids[0] = store.add("local:a", text("a", "one"));
            ids[1] = store.add("worker:w", text("w", "two"));
            long[] batch = store.addAll("local:a", List.of(text("a", "three"), text("a", "four")));
            ids[2] = batch[0];
            ids[3] = batch[1];
            store.remove(ids[0]);
            store.updateDeliveryCount(ids[2], 3);
            store.remove(424242);
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            List<StoredMessage> got = store.recover();
            assertEquals(List.of("two", "three", "four"), bodies(got));
            assertEquals(List.of("worker:w", "local:a", "local:a"), got.stream().map(StoredMessage::queueKey).collect(Collectors.toList()));
            assertEquals(List.of(ids[1], ids[2], ids[3]), got.stream().map(StoredMessage::id).collect(Collectors.toList()));
            assertEquals(3, got.get(1).envelope().deliveryCount());
            assertEquals(0, got.get(2).envelope().deliveryCount());
            assertTrue(store.recover().isEmpty(), "recover is one-shot");
            long next = store.add("local:a", text("a", "five"));
            assertTrue(next > ids[3], "ids are not reused: " + next);
            assertEquals(0, store.recoveryWarnings());
        }
    }

    @Test
    void allPoliciesRecoverWhatWasAdded() throws Exception {
        for (FsyncPolicy policy : List.of(FsyncPolicy.ALWAYS, FsyncPolicy.batch(Duration.ofMillis(5)), FsyncPolicy.NEVER)) {
            Path d = dir.resolve(policy.mode().name());
            try (JournalStore store = JournalStore.open(d, policy)) {
                for (int i = 0; i < 20; i++) {
                    store.add("q", text("q", "m" + i));
                }
            }
            try (JournalStore store = JournalStore.open(d, policy)) {
                assertEquals(expected(20), bodies(store.recover()), policy.toString());
            }
        }
    }

    @Test
    void groupCommitUnderConcurrentAdds() throws Exception {
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] stats;
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT * 4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.add("q" + thread, text("q", thread + ":" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
            stats = store.writerStatsForTest();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, stats[0]);
        assertTrue(stats[1] < stats[0], "adds share forces: " + stats[1] + " forces for " + stats[0] + " adds");
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT * 4)) {
            List<StoredMessage> got = store.recover();
            assertEquals(threads * perThread, got.size());
            assertEquals(threads * perThread, new HashSet<>(bodies(got)).size());
            for (int t = 0; t < threads; t++) {
                String key = "q" + t;
                List<String> mine = got.stream().filter(m -> m.queueKey().equals(key)).map(m -> (String) m.envelope().body())
                        .collect(Collectors.toList());
                List<String> inOrder = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    inOrder.add(t + ":" + i);
                }
                assertEquals(inOrder, mine, "each producer's messages in order");
            }
        }
    }

    /** An add made while the journal's writer was busy, and what the test needs to know about it. */
    private record BusyAdd(java.util.concurrent.CompletableFuture<long[]> future, long forcesBefore,
                           long submittedNanos, int firstAdds) {
    }

    /**
     * Adds a record and, from inside its completion on the journal's writer thread (so while the
     * writer is busy with that batch), the record {@code body}. When the first add completed before
     * the callback was registered, the callback runs on this thread instead and adds nothing: then
     * it tries again, so the outcome does not depend on the timing.
     */
    private static BusyAdd addWhileTheWriterIsBusy(JournalStore store, String body) throws Exception {
        for (int attempt = 1; ; attempt++) {
            long forcesBefore = store.writerStatsForTest()[1];
            java.util.concurrent.CompletableFuture<BusyAdd> made = new java.util.concurrent.CompletableFuture<>();
            int firstAdds = attempt;
            // No get() on the first add: a thread waiting in get() may run the callback itself.
            store.addAllAsync("q", List.of(text("q", "first"))).thenRun(() -> {
                if (!Thread.currentThread().getName().startsWith("fpm-jms-journal-")) {
                    made.complete(null);
                    return;
                }
                long submitted = System.nanoTime();
                made.complete(new BusyAdd(store.addAllAsync("q", List.of(text("q", body))), forcesBefore,
                        submitted, firstAdds));
            });
            BusyAdd add = made.get(10, TimeUnit.SECONDS);
            if (add != null) {
                return add;
            }
            assertTrue(attempt < 100, "the first add always completed before its callback was registered");
        }
    }

    /**
     * The group commit delay: an asynchronous add that arrives while the writer is busy is held
     * back for more records, and a synchronous add ends the wait, so both share one force.
     */
    @Test
    void groupCommitDelayHoldsBusyAsynchronousAddsUntilASynchronousAddJoins() throws Exception {
        FsyncPolicy policy = FsyncPolicy.always(Duration.ofMillis(100));
        BusyAdd held;
        try (JournalStore store = JournalStore.open(dir, policy)) {
            held = addWhileTheWriterIsBusy(store, "a2");
            assertEquals(1, store.writerStatsForTest()[1] - held.forcesBefore(), "the first add, idle journal: forced at once");
            assertTrue(!held.future().isDone(), "an add made while the writer was busy waits for company");
            store.addAll("q", List.of(text("q", "s1")));
            assertTrue(held.future().isDone(), "written with the synchronous add that ended the wait");
            assertEquals(2, store.writerStatsForTest()[1] - held.forcesBefore(), "the held add and the synchronous one shared a force");
        }
        try (JournalStore store = JournalStore.open(dir, policy)) {
            List<String> expected = new ArrayList<>(java.util.Collections.nCopies(held.firstAdds(), "first"));
            expected.addAll(List.of("a2", "s1"));
            assertEquals(expected, bodies(store.recover()));
        }
    }

    @Test
    void groupCommitDelayEndsByItselfWithoutASynchronousAdd() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.always(Duration.ofMillis(20)))) {
            BusyAdd held = addWhileTheWriterIsBusy(store, "a2");
            held.future().get(10, TimeUnit.SECONDS);
            long waitedNanos = System.nanoTime() - held.submittedNanos();
            assertTrue(waitedNanos >= 20_000_000, "held back for the delay: " + waitedNanos / 1000 + " us");
        }
    }

    @Test
    void aDeferredAddGetsItsIdAtOnceAndIsForcedWithTheNextPromptAdd() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            store.add("q", text("q", "first"));
            long forcesBefore = store.writerStatsForTest()[1];
            long submitted = System.nanoTime();
            MessageStore.DeferredAdd deferred = store.addAllDeferred("q", List.of(text("q", "d1")));
            assertEquals(1, deferred.ids().length);
            assertTrue(deferred.ids()[0] > 0, "an id before the write");
            store.addAll("q", List.of(text("q", "s1")));
            long tookNanos = System.nanoTime() - submitted;
            assertTrue(deferred.durable().isDone(), "forced with the prompt add, or before it");
            assertEquals(deferred.ids()[0], deferred.durable().get()[0]);
            if (tookNanos < TimeUnit.MILLISECONDS.toNanos(JournalWriter.DEFERRED_WRITE_MILLIS)) {
                // Only if this thread was not held up past the deferred records' deadline.
                assertEquals(1, store.writerStatsForTest()[1] - forcesBefore, "one force for both");
            }
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(List.of("first", "d1", "s1"), bodies(store.recover()));
        }
    }

    @Test
    void aDeferredAddAloneIsForcedAfterTheDeferredDelay() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            long submitted = System.nanoTime();
            MessageStore.DeferredAdd deferred = store.addAllDeferred("q", List.of(text("q", "d1")));
            deferred.durable().get(10, TimeUnit.SECONDS);
            long waited = System.nanoTime() - submitted;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(JournalWriter.DEFERRED_WRITE_MILLIS),
                    "waited for company: " + waited / 1000 + " us");
            assertEquals(1, store.writerStatsForTest()[1], "forced");
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(List.of("d1"), bodies(store.recover()));
        }
    }

    @Test
    void aRemovalMadeBeforeTheDeferredAddIsWrittenStillRemovesIt() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            MessageStore.DeferredAdd gone = store.addAllDeferred("q", List.of(text("q", "gone")));
            store.remove(gone.ids()[0]);
            store.addAllDeferred("q", List.of(text("q", "kept"))).durable().get(10, TimeUnit.SECONDS);
            assertTrue(gone.durable().isDone());
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(List.of("kept"), bodies(store.recover()));
        }
    }

    @Test
    void removalsMadeWhileTheJournalClosesAreWritten() throws Exception {
        JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS);
        MessageStore.DeferredAdd reply = store.addAllDeferred("q", List.of(text("q", "reply")));
        long request = store.add("q", text("q", "request"));
        MessageStore.DeferredAdd late = store.addAllDeferred("q", List.of(text("q", "late reply")));
        // As the engine does: the request goes once its reply is durable, here while closing.
        late.durable().thenRun(() -> store.remove(request));
        store.close();
        assertTrue(late.durable().isDone() && reply.durable().isDone());
        store.remove(reply.ids()[0]); // after close: ignored
        try (JournalStore reopened = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(List.of("reply", "late reply"), bodies(reopened.recover()));
        }
    }

    @Test
    void asynchronousAddsCompleteInOrderAndShareForces() throws Exception {
        int n = 300;
        List<Long> order = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
        long[] stats;
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            for (int i = 0; i < n; i++) {
                // Not get(): a thread waiting in get() may run the dependents itself, out of turn.
                store.addAllAsync("q", List.of(text("q", "m" + i))).thenAccept(ids -> {
                    order.add(ids[0]);
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            stats = store.writerStatsForTest();
        }
        List<Long> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "completed in the order they were added");
        assertEquals(n, order.size());
        assertTrue(stats[1] < n, "one thread's asynchronous adds share forces: " + stats[1] + " forces for " + n);
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(n), bodies(store.recover()));
        }
        JournalStore closed = JournalStore.open(dir, FsyncPolicy.ALWAYS);
        closed.close();
        assertThrows(StoreException.class, () -> closed.addAllAsync("q", List.of(text("q", "late"))));
    }

    @Test
    void truncatedLastRecordIsCutOffAndTheRestRecovered() throws Exception {
        Path segment = writeMessages(10);
        long size = Files.size(segment);
        long lastStart = recordOffsets(segment).get(9);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(9), bodies(store.recover()));
            assertEquals(1, store.recoveryWarnings());
            store.add("q", text("q", "after"));
        }
        assertEquals(lastStart, Files.size(segment), "torn tail truncated");
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            List<String> want = expected(9);
            want.add("after");
            assertEquals(want, bodies(store.recover()));
            assertEquals(0, store.recoveryWarnings());
        }
    }

    @Test
    void badChecksumInLastRecordIsATornTail() throws Exception {
        Path segment = writeMessages(10);
        long lastStart = recordOffsets(segment).get(9);
        flipByte(segment, lastStart + 5);
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(9), bodies(store.recover()));
            assertEquals(1, store.recoveryWarnings());
        }
        assertEquals(lastStart, Files.size(segment));
    }

    @Test
    void zeroFilledTailIsTheNormalEndAndIsCutOff() throws Exception {
        Path segment = writeMessages(5);
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4096), size);
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(5), bodies(store.recover()));
            assertEquals(0, store.recoveryWarnings(), "zeros after the records are preallocated space, not damage");
        }
        assertEquals(size, Files.size(segment));
    }

    @Test
    void fewerZeroBytesThanARecordHeaderAreTheNormalEnd() throws Exception {
        Path segment = writeMessages(3);
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(JournalRecord.HEADER_BYTES - 1), size);
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(3), bodies(store.recover()));
            assertEquals(0, store.recoveryWarnings());
        }
        assertEquals(size, Files.size(segment));
    }

    /**
     * A copy of the journal's files taken while the store is open: what a crash (of the process
     * or the machine, once the adds were forced) leaves behind, preallocated zero tail included.
     */
    private Path crashImage(int n) throws Exception {
        Path image = dir.resolve("crash-image");
        Files.createDirectories(image);
        Path live = dir.resolve("live");
        try (JournalStore store = JournalStore.open(live, FsyncPolicy.ALWAYS)) {
            for (int i = 0; i < n; i++) {
                store.add("q", text("q", "m" + i));
            }
            try (Stream<Path> files = Files.list(live)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".seg")).collect(Collectors.toList())) {
                    Files.copy(p, image.resolve(p.getFileName()));
                }
            }
        }
        return image;
    }

    private static Path onlySegment(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> segs = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().collect(Collectors.toList());
            assertEquals(1, segs.size(), "segments in " + directory + ": " + segs);
            return segs.get(0);
        }
    }

    private static long recordsEnd(Path segment) throws IOException {
        List<Long> offsets = recordOffsets(segment);
        long last = offsets.get(offsets.size() - 1);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(4);
            ch.read(len, last);
            return last + JournalRecord.HEADER_BYTES + len.getInt(0);
        }
    }

    @Test
    void appendsWithinThePreallocatedSpaceDoNotGrowTheFile() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            Path segment = onlySegment(dir);
            long preallocated = Files.size(segment);
            assertTrue(preallocated >= Segment.HEADER_BYTES + SegmentPreparation.PREALLOCATE_STEP,
                    "the first step is zero-filled when the journal opens: " + preallocated);
            for (int i = 0; i < 50; i++) {
                store.add("q", text("q", "m" + i));
                long now = Files.size(segment);
                // The idle writer may zero-fill further ahead meanwhile, never beyond its window.
                // (its window starts at the records' end; 50 small records take less than 64 KiB).
                assertTrue(now >= preallocated && now <= Segment.HEADER_BYTES + SegmentPreparation.PREALLOCATE_AHEAD + 64 * 1024,
                        "the file only grows by preallocation steps: " + now);
                preallocated = now;
            }
            assertTrue(recordsEnd(segment) < Segment.HEADER_BYTES + SegmentPreparation.PREALLOCATE_STEP, "the records fit in the first step");
        }
        Path segment = onlySegment(dir);
        assertEquals(recordsEnd(segment), Files.size(segment), "a clean close cuts the zero tail off");
    }

    @Test
    void preallocatedSegmentWithRecordsThenZerosIsRecoveredWithoutWarnings() throws Exception {
        Path image = crashImage(20);
        Path segment = onlySegment(image);
        long end = recordsEnd(segment);
        assertTrue(Files.size(segment) > end, "the crash image has a zero tail: " + Files.size(segment) + " > " + end);
        try (JournalStore store = JournalStore.open(image, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(20), bodies(store.recover()));
            assertEquals(0, store.recoveryWarnings());
        }
        assertEquals(end, Files.size(segment), "the zero tail is cut off at start");
    }

    @Test
    void restartAfterACrashAppendsInAFreshSegment() throws Exception {
        Path image = crashImage(7);
        Path old = onlySegment(image);
        try (JournalStore store = JournalStore.open(image, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(7), bodies(store.recover()));
            store.add("q", text("q", "m7"));
        }
        long oldSize = Files.size(old);
        assertEquals(recordsEnd(old), oldSize);
        try (Stream<Path> files = Files.list(image)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().endsWith(".seg")).count(),
                    "the add after the restart went to a new segment");
        }
        try (JournalStore store = JournalStore.open(image, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(8), bodies(store.recover()));
            assertEquals(0, store.recoveryWarnings());
        }
        assertEquals(oldSize, Files.size(old), "the old segment was never appended to");
    }

    @Test
    void tornRecordFollowedByZerosIsATornTail() throws Exception {
        Path image = crashImage(10);
        Path segment = onlySegment(image);
        List<Long> offsets = recordOffsets(segment);
        long lastStart = offsets.get(9);
        long end = recordsEnd(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // Only the first part of the last record reached the disk: the rest is still zeros.
            long keep = lastStart + JournalRecord.HEADER_BYTES + 4;
            ch.write(ByteBuffer.allocate((int) (end - keep)), keep);
        }
        try (JournalStore store = JournalStore.open(image, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(9), bodies(store.recover()));
            assertEquals(1, store.recoveryWarnings());
        }
        assertEquals(lastStart, Files.size(segment), "cut at the torn record");
    }

    @Test
    void corruptRecordInTheMiddleOfAPreallocatedSegmentIsSkipped() throws Exception {
        Path image = crashImage(10);
        Path segment = onlySegment(image);
        long size = recordsEnd(segment);
        flipByte(segment, recordOffsets(segment).get(4) + JournalRecord.HEADER_BYTES + 12);
        try (JournalStore store = JournalStore.open(image, FsyncPolicy.ALWAYS)) {
            assertEquals(allBut(10, 4), bodies(store.recover()));
            assertEquals(1, store.recoveryWarnings());
            assertEquals(List.of(5L), store.lostIds(), "the damaged record's id is read from its header");
        }
        assertEquals(List.of(segment.getFileName().toString()), quarantined(image));
        assertEquals(size, Files.size(JournalQuarantine.folder(image).resolve(segment.getFileName())),
                "moved as it was (the preallocated zero tail cut off)");
        try (JournalStore store = JournalStore.open(image, FsyncPolicy.ALWAYS)) {
            assertEquals(allBut(10, 4), bodies(store.recover()), "the intact records were copied out of the quarantined file");
            assertEquals(0, store.recoveryWarnings());
        }
    }

    @Test
    void zeroLengthWithRecordsAfterItIsCorruption() throws Exception {
        Path image = crashImage(6);
        Path segment = onlySegment(image);
        long at = recordOffsets(segment).get(2);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4), at);
        }
        try (JournalStore store = JournalStore.open(image, FsyncPolicy.ALWAYS)) {
            assertEquals(allBut(6, 2), bodies(store.recover()));
            assertEquals(1, store.recoveryWarnings(), "a length of 0 ends the records only when zeros follow");
            assertEquals(List.of(3L), store.lostIds());
        }
    }

    @Test
    void corruptRecordInTheMiddleIsSkippedAndTheSegmentQuarantined() throws Exception {
        Path segment = writeMessages(10);
        long size = Files.size(segment);
        List<Long> offsets = recordOffsets(segment);
        flipByte(segment, offsets.get(4) + JournalRecord.HEADER_BYTES + 12);
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(allBut(10, 4), bodies(store.recover()));
            assertEquals(1, store.recoveryWarnings());
        }
        assertTrue(Files.notExists(segment), "moved out of the journal");
        assertEquals(size, Files.size(JournalQuarantine.folder(dir).resolve(segment.getFileName())), "not truncated, not deleted");
    }

    @Test
    void badLengthInTheMiddleIsSkipped() throws Exception {
        Path segment = writeMessages(6);
        List<Long> offsets = recordOffsets(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).putInt(0, 3), offsets.get(2));
        }
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(allBut(6, 2), bodies(store.recover()));
            assertEquals(1, store.recoveryWarnings());
            assertEquals(List.of(3L), store.lostIds(), "lost: the id between the records before and after");
        }
    }

    @Test
    void segmentsAreDeletedOnceAllTheirMessagesAreRemoved() throws Exception {
        String body = "x".repeat(1000);
        List<Long> ids = new ArrayList<>();
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT)) {
            for (int i = 0; i < 300; i++) {
                ids.add(store.add("q", text("q", body + i)));
            }
            assertTrue(segments().size() >= 4, "rolled into several segments: " + segments());
            for (long id : ids) {
                store.remove(id);
            }
        }
        assertEquals(1, segments().size(), "only the last segment is left (a prepared next one is deleted): " + segments());
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT)) {
            assertTrue(store.recover().isEmpty());
        }
        assertEquals(1, segments().size(), "the empty old segment is deleted at start: " + segments());
    }

    @Test
    void aLongLivedMessageIsCopiedForwardSoOldSegmentsGo() throws Exception {
        String body = "y".repeat(1000);
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT)) {
            long pinned = store.add("dlq", text("dlq", "pinned"));
            store.updateDeliveryCount(pinned, 2);
            for (int i = 0; i < 1000; i++) {
                store.remove(store.add("q", text("q", body + i)));
            }
        }
        assertTrue(segments().size() <= 3, "old segments reclaimed: " + segments());
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT)) {
            List<StoredMessage> got = store.recover();
            assertEquals(List.of("pinned"), bodies(got));
            assertEquals(2, got.get(0).envelope().deliveryCount());
            assertEquals(0, store.recoveryWarnings());
        }
    }

    /** Bytes of all files in the directory; files deleted while listing count 0. */
    private long bytesOnDisk() throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.collect(Collectors.toList())) {
                try {
                    total += Files.size(p);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // deleted by the writer meanwhile
                }
            }
        }
        return total;
    }

    @Test
    void diskUseStaysBoundedWithPreallocatedSegments() throws Exception {
        String body = "z".repeat(1000);
        long most = 0;
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT)) {
            store.add("dlq", text("dlq", "pinned"));
            for (int i = 0; i < 2000; i++) {
                store.remove(store.add("q", text("q", body + i)));
                if (i % 50 == 0) {
                    most = Math.max(most, bytesOnDisk());
                }
            }
        }
        // Live data is ~1 KiB: about two segments of records, plus the preallocated next segment.
        assertTrue(most <= 4 * SMALL_SEGMENT, "bytes on disk stay bounded: at most " + most);
        assertTrue(segments().size() <= 3, "old segments reclaimed: " + segments());
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT)) {
            assertEquals(List.of("pinned"), bodies(store.recover()));
            assertEquals(0, store.recoveryWarnings());
        }
    }

    @Test
    void aDirectoryServesOneStoreAtATime() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(dir, store.directory());
            StoreException e = assertThrows(StoreException.class, () -> JournalStore.open(dir, FsyncPolicy.ALWAYS));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        JournalStore.open(dir, FsyncPolicy.ALWAYS).close();
    }

    @Test
    void closedStoreRefusesAddsAndIgnoresRemoves() throws Exception {
        JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS);
        long id = store.add("q", text("q", "kept"));
        store.close();
        store.remove(id);
        assertThrows(StoreException.class, () -> store.add("q", text("q", "late")));
        try (JournalStore again = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(List.of("kept"), bodies(again.recover()));
        }
    }

    @Test
    void oversizedMessageIsRefusedWithTheLimit() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS, SMALL_SEGMENT)) {
            FpmEnvelope big = FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:big")
                    .body(BodyType.BYTES, new byte[(int) SMALL_SEGMENT]).build();
            StoreException e = assertThrows(StoreException.class, () -> store.add("q", big));
            assertTrue(e.getMessage().contains("segment limit of " + (SMALL_SEGMENT - Segment.HEADER_BYTES)), e.getMessage());
            store.add("q", text("q", "fine"));
        }
    }

    @Test
    void unknownFilesAndBadHeadersDoNotStopTheStart() throws Exception {
        writeMessages(3);
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.write(dir.resolve(Segment.fileName(999)), new byte[64]);
        Files.write(dir.resolve(Segment.fileName(1000)), new byte[5]);
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(3), bodies(store.recover()));
            assertEquals(2, store.recoveryWarnings());
            store.add("q", text("q", "m3"));
        }
        Set<String> names = new HashSet<>();
        for (Path p : segments()) {
            names.add(p.getFileName().toString());
        }
        assertTrue(!names.contains(Segment.fileName(999)), "a segment with a bad header is moved aside");
        assertEquals(List.of(Segment.fileName(999)), quarantined(dir));
        assertTrue(!names.contains(Segment.fileName(1000)), "a segment torn at creation is deleted");
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            assertEquals(expected(4), bodies(store.recover()));
        }
    }
}
