package dev.fpmjms.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the examples' PHP workers on disk so that php-fpm can run them, with the Composer
 * dependencies they load ({@code vendor/autoload.php}: the helper {@code fpm-jms/worker}, installed
 * by the build into the class path's {@code php/}, which lists its files in {@code php/FILES}). A
 * real deployment keeps its workers and their {@code vendor/} in its PHP code base and names the
 * workers' absolute paths in the routes.
 */
final class PhpWorkers {
    private PhpWorkers() {
    }

    /**
     * Copies the class path resource {@code php/NAME} and the files of {@code php/FILES} to a fresh
     * temporary directory, readable by php-fpm's workers.
     *
     * @return the script's absolute path
     * @throws IllegalArgumentException when there is no such worker
     * @throws IllegalStateException    when the build did not install the Composer dependencies
     */
    static Path install(String name) {
        if (PhpWorkers.class.getResource("/php/" + name) == null) {
            throw new IllegalArgumentException("no example worker named " + name);
        }
        try {
            Path dir = Files.createTempDirectory("fpm-jms-example-");
            readable(dir);
            List<String> files = new ArrayList<>(listed());
            if (!files.contains(name)) {
                files.add(name);
            }
            for (String file : files) {
                copy(file, dir);
            }
            return dir.resolve(name).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install example worker " + name, e);
        }
    }

    private static List<String> listed() throws IOException {
        try (InputStream in = PhpWorkers.class.getResourceAsStream("/php/FILES")) {
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
        try (InputStream in = PhpWorkers.class.getResourceAsStream("/php/" + file)) {
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
