package dev.fpmjms.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Puts the examples' PHP workers on disk so that php-fpm can run them. A real deployment keeps its
 * workers in its PHP code base and names their absolute paths in the routes.
 */
final class PhpWorkers {
    private PhpWorkers() {
    }

    /**
     * Copies the class path resource {@code php/NAME} to a fresh temporary directory, readable by
     * php-fpm's workers.
     *
     * @return the script's absolute path
     */
    static Path install(String name) {
        try (InputStream in = PhpWorkers.class.getResourceAsStream("/php/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example worker named " + name);
            }
            Path dir = Files.createTempDirectory("fpm-jms-example-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path script = dir.resolve(name);
            Files.copy(in, script);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
            script.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return script.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install example worker " + name, e);
        }
    }
}
