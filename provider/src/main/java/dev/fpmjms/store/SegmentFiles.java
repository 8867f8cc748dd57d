package dev.fpmjms.store;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the journal creates a segment file for writing. The journal uses {@link #OWNER_ONLY}; tests
 * pass one whose channel fails its writes as a full disk does. {@link #forceDirectory} makes a
 * segment file's creation or deletion durable.
 */
@FunctionalInterface
interface SegmentFiles {
    /** New files, 0600 ({@link OwnerOnly}). */
    SegmentFiles OWNER_ONLY = OwnerOnly::createSegment;

    /** Creates {@code path} (it must not exist) and opens it for writing. */
    FileChannel create(Path path) throws IOException;

    /**
     * Forces {@code directory}'s entries to the disk, after a segment file was created
     * ({@link SegmentPreparation}), deleted ({@link SegmentReclaim}) or moved to quarantine
     * ({@link JournalQuarantine}); blocks for the force. Never
     * fails: a platform that cannot force a directory is logged at debug level.
     */
    static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not every platform can force a directory; the files themselves are forced.
            LoggerFactory.getLogger(SegmentFiles.class).debug("could not force directory {}: {}", directory, e.toString());
        }
    }
}
