package dev.fpmjms.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the journal's files readable and writable by their owner only (0600) and its folders
 * 0700: messages are the application's data, and the lock file tells who runs the engine. On a
 * file system without POSIX permissions the platform's defaults apply. Folders that exist already
 * (a data directory an administrator prepared) keep their permissions. Stateless.
 */
final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** Creates (with {@code CREATE_NEW} among the options) or opens a file; a created one is 0600. */
    static FileChannel open(Path path, OpenOption... options) throws IOException {
        if (!POSIX) {
            return FileChannel.open(path, options);
        }
        return FileChannel.open(path, Set.of(options), PosixFilePermissions.asFileAttribute(FILE));
    }

    /** Creates a new segment file, 0600, for writing. */
    static FileChannel createSegment(Path path) throws IOException {
        return open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Creates {@code dir} and missing parents, each created one 0700. */
    static void createDirectories(Path dir) throws IOException {
        if (!POSIX || Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(FOLDER);
        try {
            Files.createDirectory(dir, attr);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        // The umask may have taken bits away; never adds any beyond 0700.
        Files.setPosixFilePermissions(dir, FOLDER);
    }

    /** Makes an existing file of the journal 0600 (a lock file created by an older version). */
    static void restrict(Path file) throws IOException {
        if (POSIX && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }
}
