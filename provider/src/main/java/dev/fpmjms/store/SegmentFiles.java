package dev.fpmjms.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * How the journal creates a segment file for writing. The journal uses {@link #OWNER_ONLY}; tests
 * pass one whose channel fails its writes as a full disk does.
 */
@FunctionalInterface
interface SegmentFiles {
    /** New files, 0600 ({@link OwnerOnly}). */
    SegmentFiles OWNER_ONLY = OwnerOnly::createSegment;

    /** Creates {@code path} (it must not exist) and opens it for writing. */
    FileChannel create(Path path) throws IOException;
}
