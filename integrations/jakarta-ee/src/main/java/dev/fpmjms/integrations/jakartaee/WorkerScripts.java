package dev.fpmjms.integrations.jakartaee;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Unpacks the example's PHP workers (class path {@code php/}) to a temporary directory that
 * php-fpm can read. A real application keeps its workers in its PHP code base instead.
 */
final class WorkerScripts {
    private static final List<String> NAMES = List.of("job.php");

    private WorkerScripts() {
    }

    /** Copies every worker to a new temporary directory and returns the directory's absolute path. */
    static Path install() {
        try {
            Path dir = Files.createTempDirectory("fpm-jms-jakarta-ee-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            dir.toFile().deleteOnExit();
            for (String name : NAMES) {
                try (InputStream in = WorkerScripts.class.getResourceAsStream("/php/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("worker " + name + " is missing from the class path");
                    }
                    Path script = dir.resolve(name);
                    Files.copy(in, script);
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
                    script.toFile().deleteOnExit();
                }
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PHP workers", e);
        }
    }
}
