package dev.fpmjms.fpm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the php-fpm executable: the configured binary if one is given, else {@code php-fpm} on
 * PATH, else {@code php-fpmX.Y} on PATH (newest version), else {@code /usr/sbin/php-fpm*}
 * (newest version; Debian installs {@code /usr/sbin/php-fpm8.2} and puts nothing on PATH).
 *
 * <p>Stateless; safe from any thread. Reads the file system only.
 */
final class PhpFpmBinary {

    /** How to install php-fpm, quoted in every "not found" message. */
    static final String INSTALL_HINT = "install it with `apt-get install php-fpm` (Debian/Ubuntu)";

    private static final Pattern VERSIONED = Pattern.compile("php-fpm(\\d+)\\.(\\d+)");

    private PhpFpmBinary() {
    }

    /** Locates php-fpm using the process PATH and {@code /usr/sbin}. */
    static Path locate(String configured) {
        return locate(configured, System.getenv("PATH"), Path.of("/usr/sbin"));
    }

    /**
     * Locates php-fpm.
     *
     * @param configured the configured binary (a path), or {@code null} to search
     * @param pathEnv    a PATH value (entries separated by {@link File#pathSeparator}), may be null
     * @param sbin       the directory searched last
     * @throws IllegalStateException when nothing is found or the configured binary is not an
     *                               executable file; the message says how to install php-fpm
     */
    static Path locate(String configured, String pathEnv, Path sbin) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new IllegalStateException("php-fpm not found: the configured binary '" + configured
                        + "' is not an executable file; fix embeddedFpm.binary or " + INSTALL_HINT);
            }
            return p;
        }
        List<Path> dirs = pathEnv == null ? List.of()
                : Stream.of(pathEnv.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList();
        for (Path dir : dirs) {
            Path plain = dir.resolve("php-fpm");
            if (isExecutable(plain)) {
                return plain;
            }
        }
        Optional<Path> found = dirs.stream().map(PhpFpmBinary::newestVersioned).flatMap(Optional::stream)
                .max(PhpFpmBinary.byVersion());
        if (found.isPresent()) {
            return found.get();
        }
        Path sbinPlain = sbin.resolve("php-fpm");
        if (isExecutable(sbinPlain)) {
            return sbinPlain;
        }
        return newestVersioned(sbin).orElseThrow(() -> new IllegalStateException(
                "php-fpm not found on PATH (" + pathEnv + ") nor in " + sbin + ": " + INSTALL_HINT));
    }

    private static Optional<Path> newestVersioned(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> VERSIONED.matcher(p.getFileName().toString()).matches())
                    .filter(PhpFpmBinary::isExecutable)
                    .max(byVersion());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " while looking for php-fpm", e);
        }
    }

    private static Comparator<Path> byVersion() {
        return Comparator.comparingInt((Path p) -> versionPart(p, 1)).thenComparingInt(p -> versionPart(p, 2));
    }

    private static int versionPart(Path p, int group) {
        Matcher m = VERSIONED.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(group)) : -1;
    }

    private static boolean isExecutable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
