package dev.fpmjms.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The folder {@code quarantine/} in the journal's directory, where damaged segment files are moved
 * for inspection instead of being deleted or read again at every start. Files there are never
 * read, changed or deleted by the journal; removing them is the operator's decision. Stateless;
 * used on the thread that owns the journal.
 */
final class JournalQuarantine {
    private static final Logger LOG = LoggerFactory.getLogger(JournalQuarantine.class);
    static final String FOLDER = "quarantine";

    private JournalQuarantine() {
    }

    static Path folder(Path directory) {
        return directory.resolve(FOLDER);
    }

    /**
     * Moves {@code file} into the quarantine folder (created 0700 if needed) under its own name,
     * or with a suffix {@code .1}, {@code .2}, ... when that name is taken, and forces both
     * directories.
     *
     * @return where the file is now
     */
    static Path move(Path directory, Path file) throws IOException {
        Path folder = folder(directory);
        OwnerOnly.createDirectories(folder);
        String name = file.getFileName().toString();
        Path target = folder.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = folder.resolve(name + "." + i);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        force(folder);
        force(directory);
        return target;
    }

    private static void force(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform can force a directory.
            LOG.debug("could not force directory {}: {}", dir, e.toString());
        }
    }
}
