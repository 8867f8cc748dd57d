package dev.fpmjms.integrations.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Unpacks the example's PHP workers (class path {@code php/}) and the Composer dependencies they
 * load ({@code vendor/autoload.php}: the helper {@code fpm-jms/worker}, which the build installs
 * into the class path's {@code php/vendor} and lists, with the workers, in {@code php/FILES}) to a
 * temporary directory that php-fpm can read. A real application keeps its workers and their
 * {@code vendor/} in its PHP code base instead.
 */
final class WorkerScripts {

    private WorkerScripts() {
    }

    /**
     * Copies every file of {@code php/FILES} to a new temporary directory and returns the directory's
     * absolute path.
     *
     * @throws IllegalStateException when the build did not install the workers' Composer dependencies
     */
    static Path install() {
        try {
            Path dir = Files.createTempDirectory("fpm-jms-tomcat-");
            readable(dir);
            for (String file : listed()) {
                copy(file, dir);
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PHP workers", e);
        }
    }

    private static List<String> listed() throws IOException {
        try (InputStream in = WorkerScripts.class.getResourceAsStream("/php/FILES")) {
            if (in == null) {
                throw new IllegalStateException("php/FILES is missing from the class path: the build installs the workers'"
                        + " Composer dependencies (scripts/composer-workers.sh, run by mvn process-resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static void copy(String file, Path dir) throws IOException {
        Path target = dir.resolve(file).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new IllegalStateException("php/FILES names a file outside the worker directory: " + file);
        }
        directories(dir, target.getParent());
        try (InputStream in = WorkerScripts.class.getResourceAsStream("/php/" + file)) {
            if (in == null) {
                throw new IllegalStateException("php/FILES names " + file + ", which is not on the class path");
            }
            Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        target.toFile().deleteOnExit();
    }

    /** Makes the directories from {@code dir} down to {@code d}, parents first (so they are deleted after their files). */
    private static void directories(Path dir, Path d) throws IOException {
        if (d.equals(dir) || Files.isDirectory(d)) {
            return;
        }
        directories(dir, d.getParent());
        Files.createDirectory(d);
        readable(d);
    }

    /** Readable by php-fpm's workers (nobody when the JVM runs as root); deleted at exit once empty. */
    private static void readable(Path d) throws IOException {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        d.toFile().deleteOnExit();
    }
}
