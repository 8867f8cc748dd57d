package dev.fpmjms.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The folder {@code quarantine/} in the journal's directory, where damaged segment files are moved
 * for inspection instead of being deleted or read again at every start. Files there are never
 * read, changed or deleted by the journal; removing them is the operator's decision. Stateless;
 * used on the thread that owns the journal.
 */
final class JournalQuarantine {
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
        SegmentFiles.forceDirectory(folder);
        SegmentFiles.forceDirectory(directory);
        return target;
    }
}
