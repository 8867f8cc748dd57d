package dev.fpmjms.store;

import dev.fpmjms.config.FsyncPolicy;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.metrics.JournalMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local {@link MessageStore}: an append-only journal of segment files in one directory.
 *
 * <p>Records (add, remove, update delivery count) carry a length and a CRC32C
 * ({@link JournalRecord}); segments roll at a size limit and are deleted oldest first once none
 * of their messages is live, with live records copied forward when a few old messages would
 * otherwise pin many segments ({@link SegmentReclaim}). Adds are group-committed by one writer thread
 * ({@link JournalWriter}); removals are written asynchronously. Recovery at {@link #open} reads
 * every segment, truncates a torn tail, skips damaged bytes to the next valid record, finds
 * missing segments, logs what that lost (store ids included) and moves damaged segments to the
 * {@code quarantine/} folder; bad content never fails the open ({@link JournalRecovery}). A disk
 * that takes no writes does: the open refuses rather than hand over recovered messages whose
 * outcome it could not record. Files are created 0600 and folders 0700 ({@link OwnerOnly}).
 *
 * <p>A directory is used by one store at a time: {@link #open} takes a lock on
 * {@code journal.lock} and fails if another process or engine holds it.
 *
 * <p>Thread-safe. Encoding and checksumming happen on the calling thread; only the write and the
 * force happen on the writer thread.
 */
public final class JournalStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(JournalStore.class);
    /** The default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** The smallest segment size accepted (for tests): 64 KiB. */
    public static final long MIN_SEGMENT_BYTES = 64L * 1024;
    /** The largest segment size accepted: 1 GiB. */
    public static final long MAX_SEGMENT_BYTES = JournalRecord.MAX_LENGTH;
    private static final String LOCK_FILE = "journal.lock";

    private final Path directory;
    private final FileChannel lockChannel;
    private final JournalWriter writer;
    /** Read only for its metrics; the writer thread owns it. */
    private final SegmentLog log;
    private final long maxRecordBytes;
    private final AtomicLong nextId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int warnings;
    private final JournalLosses losses;
    private volatile List<StoredMessage> recovered;

    private JournalStore(Path directory, FileChannel lockChannel, JournalRecovery recovery, List<StoredMessage> recovered,
                         JournalWriter writer, SegmentLog log, long segmentBytes) {
        this.directory = directory;
        this.log = log;
        this.lockChannel = lockChannel;
        this.writer = writer;
        this.recovered = recovered;
        this.maxRecordBytes = segmentBytes - Segment.HEADER_BYTES;
        this.nextId = new AtomicLong(recovery.maxId + 1);
        this.warnings = recovery.warnings;
        this.losses = recovery.losses;
    }

    /** Opens the journal in {@code directory} with 64 MiB segments; see {@link #open(Path, FsyncPolicy, long)}. */
    public static JournalStore open(Path directory, FsyncPolicy policy) {
        return open(directory, policy, DEFAULT_SEGMENT_BYTES);
    }

    /**
     * Opens (creating if needed) the journal in {@code directory} and recovers its messages, which
     * {@link #recover()} then hands over. Blocks for the recovery scan.
     *
     * @param segmentBytes the size at which segments roll, {@link #MIN_SEGMENT_BYTES} to
     *                     {@link #MAX_SEGMENT_BYTES}; also the limit of one message's record
     * @throws StoreException the directory cannot be created, locked or written (bad content in
     *                        it never fails the open; it is logged)
     */
    public static JournalStore open(Path directory, FsyncPolicy policy, long segmentBytes) {
        return open(directory, policy, segmentBytes, SegmentFiles.OWNER_ONLY);
    }

    /** As {@link #open(Path, FsyncPolicy, long)}, creating segment files with {@code files} (tests: a full disk). */
    static JournalStore open(Path directory, FsyncPolicy policy, long segmentBytes, SegmentFiles files) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(policy, "policy");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("journal segment size must be " + MIN_SEGMENT_BYTES + ".."
                    + MAX_SEGMENT_BYTES + " bytes, was " + segmentBytes);
        }
        FileChannel lockChannel = null;
        try {
            OwnerOnly.createDirectories(directory);
            lockChannel = OwnerOnly.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            OwnerOnly.restrict(directory.resolve(LOCK_FILE));
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("journal directory " + directory + " is in use by another fpm-jms engine "
                        + "or tool (in this or another process): each engine needs its own dataDirectory, and a tool "
                        + "that opens a journal (fpm-jms dlq --journal) needs its application stopped");
            }
            long started = System.nanoTime();
            JournalRecovery recovery = JournalRecovery.scan(directory);
            List<StoredMessage> messages = recovery.readLiveMessages();
            int segmentsRead = recovery.segments.size();
            SegmentLog log = new SegmentLog(directory, segmentBytes, policy.mode() != FsyncPolicy.Mode.NEVER, recovery, files);
            log.start();
            JournalWriter writer = new JournalWriter(log, policy, directory.getFileName() == null ? "journal" : directory.getFileName().toString());
            JournalStore store = new JournalStore(directory, lockChannel, recovery, messages, writer, log, segmentBytes);
            writer.start();
            LOG.info("journal {} opened (fsync {}): {} messages recovered from {} segments in {} ms{}", directory, policy,
                    messages.size(), segmentsRead,
                    (System.nanoTime() - started) / 1_000_000,
                    recovery.warnings > 0 ? ", with " + recovery.warnings + " warnings (see above)" : "");
            return store;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new StoreException("cannot open the journal in " + directory + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", ch, e.toString());
            }
        }
    }

    public Path directory() {
        return directory;
    }

    /**
     * Whether {@code directory} holds a journal: at least one segment file. For tools that open
     * an existing journal and must not create one where a user mistyped the path.
     *
     * @throws StoreException the directory cannot be listed
     */
    public static boolean holdsJournal(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(f -> f.getFileName() != null && Segment.sequenceOf(f.getFileName().toString()) >= 0);
        } catch (IOException e) {
            throw new StoreException("cannot list " + directory + ": " + e, e);
        }
    }

    /** The store ids recovery found lost to damaged bytes or missing segments (logged as errors), in order. */
    List<Long> lostIds() {
        return losses.lostIds();
    }

    /** What recovery found damaged or missing. */
    JournalLosses losses() {
        return losses;
    }

    /** How many warnings recovery logged (torn tails, damaged bytes, missing or unreadable segments). */
    public int recoveryWarnings() {
        return warnings;
    }

    @Override
    public List<StoredMessage> recover() {
        List<StoredMessage> r = recovered;
        recovered = List.of();
        return r;
    }

    @Override
    public long[] addAll(String queueKey, List<FpmEnvelope> envelopes) throws InterruptedException {
        Objects.requireNonNull(queueKey, "queueKey");
        int n = envelopes.size();
        if (n == 0) {
            return new long[0];
        }
        long[] ids = new long[n];
        JournalWriter.Batch batch = submit(queueKey, envelopes, ids, null);
        try {
            batch.await();
        } catch (InterruptedException e) {
            for (long id : ids) {
                writer.submitRemove(id);
            }
            throw e;
        }
        return ids;
    }

    /**
     * Queues the ADD records without waiting for the write: the writer's next group commit takes
     * them with whatever else is queued, so a caller that does not wait lets many records share
     * one force.
     */
    @Override
    public CompletableFuture<long[]> addAllAsync(String queueKey, List<FpmEnvelope> envelopes) {
        Objects.requireNonNull(queueKey, "queueKey");
        long[] ids = new long[envelopes.size()];
        if (ids.length == 0) {
            return CompletableFuture.completedFuture(ids);
        }
        CompletableFuture<long[]> stored = new CompletableFuture<>();
        submit(queueKey, envelopes, ids, stored);
        return stored;
    }

    /**
     * Queues the ADD records as deferred records ({@link JournalWriter}): they are written and
     * forced with the next batch that someone waits for, or a few milliseconds later at the
     * latest, so that under load they add no write or force of their own.
     */
    @Override
    public DeferredAdd addAllDeferred(String queueKey, List<FpmEnvelope> envelopes) {
        Objects.requireNonNull(queueKey, "queueKey");
        long[] ids = new long[envelopes.size()];
        if (ids.length == 0) {
            return new DeferredAdd(ids, CompletableFuture.completedFuture(ids));
        }
        CompletableFuture<long[]> durable = new CompletableFuture<>();
        writer.submitDeferredAdds(ids, encode(queueKey, envelopes, ids), durable);
        return new DeferredAdd(ids, durable);
    }

    /** Encodes the records on the calling thread, fills in their ids and queues them. */
    private JournalWriter.Batch submit(String queueKey, List<FpmEnvelope> envelopes, long[] ids, CompletableFuture<long[]> stored) {
        return writer.submitAdds(ids, encode(queueKey, envelopes, ids), stored);
    }

    /** Assigns store ids (into {@code ids}) and encodes the ADD records, on the calling thread. */
    private ByteSink[] encode(String queueKey, List<FpmEnvelope> envelopes, long[] ids) {
        int n = envelopes.size();
        long first = nextId.getAndAdd(n);
        ByteSink[] records = new ByteSink[n];
        for (int i = 0; i < n; i++) {
            ids[i] = first + i;
            records[i] = JournalRecord.add(ids[i], queueKey, envelopes.get(i));
            if (records[i].size() > maxRecordBytes) {
                throw new StoreException("message " + envelopes.get(i).messageId() + " takes " + records[i].size()
                        + " bytes in the journal, more than the segment limit of " + maxRecordBytes + " bytes");
            }
        }
        return records;
    }

    @Override
    public void remove(long id) {
        writer.submitRemove(id);
    }

    @Override
    public void updateDeliveryCount(long id, int deliveryCount) {
        writer.submitUpdate(id, deliveryCount);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        closeQuietly(lockChannel);
        LOG.debug("journal {} closed", directory);
    }

    /** The journal's size and the latency of its group commits' forces; never blocks. */
    @Override
    public Optional<JournalMetrics> metrics() {
        return Optional.of(log.metrics());
    }

    /** ADD records written and forces done so far: their ratio shows the group commit at work. */
    long[] writerStatsForTest() {
        return new long[]{writer.addsWritten(), writer.forces()};
    }

    @Override
    public String toString() {
        return "JournalStore[" + directory + "]";
    }
}
