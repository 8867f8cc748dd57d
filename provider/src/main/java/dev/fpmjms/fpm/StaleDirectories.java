package dev.fpmjms.fpm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The owner record of an embedded php-fpm directory, and the sweep that removes the directories
 * (and any php-fpm still running from them) whose owner JVM is gone: what a JVM leaves behind
 * when neither its shutdown hook nor its {@link Watchdog} ran (the watchdog killed too, a power
 * cut before a reboot that kept {@code /tmp}).
 *
 * <p>The owner file holds the JVM's pid and start time, so that a reused pid is not taken for the
 * owner. A directory without an owner file (being created, or made by an older version) is left
 * alone. A php-fpm is killed only if its command line names the directory. Stateless; safe from
 * any thread (two JVMs sweeping at once both tolerate the other's deletions).
 */
final class StaleDirectories {

    static final String PREFIX = "fpmjms-fpm-";
    static final String OWNER_FILE = "owner";

    private static final Logger LOG = LoggerFactory.getLogger(StaleDirectories.class);

    private StaleDirectories() {
    }

    /** Writes this JVM's owner record into {@code dir}. */
    static void claim(Path dir) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " " + startMillis(self) + "\n", StandardCharsets.US_ASCII);
    }

    /**
     * Removes every {@value #PREFIX}* directory in {@code parent} whose owner JVM is gone, first
     * killing a php-fpm master (and its process group) still running from it. Never fails: a
     * directory that cannot be read or removed is logged and skipped.
     *
     * @return how many directories were removed
     */
    static int sweep(Path parent) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (isStale(dir)) {
                    killLeftoverMaster(dir);
                    if (delete(dir)) {
                        removed++;
                        LOG.info("removed the embedded php-fpm directory {} left by a JVM that is gone", dir);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot sweep {} for stale embedded php-fpm directories: {}", parent, e.toString());
        }
        return removed;
    }

    /** Whether {@code dir} has an owner record whose JVM is no longer running. */
    static boolean isStale(Path dir) {
        String owner;
        try {
            owner = Files.readString(dir.resolve(OWNER_FILE), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return false; // no owner record (yet): not ours to judge
        }
        String[] f = owner.split(" ");
        try {
            long pid = Long.parseLong(f[0]);
            long started = f.length > 1 ? Long.parseLong(f[1]) : -1;
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return true;
            }
            long now = startMillis(p.get());
            return started >= 0 && now >= 0 && now != started; // the pid was reused

        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void killLeftoverMaster(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("php-fpm.pid"), StandardCharsets.US_ASCII).strip());
            Optional<ProcessHandle> master = ProcessHandle.of(pid);
            if (master.isPresent() && master.get().isAlive() && commandLine(pid).contains(dir.toString())) {
                LOG.warn("killing php-fpm (pid {}) left running from {} by a JVM that is gone", pid, dir);
                // The master first: one that sees its children die forks new ones (pm = static),
                // which nobody would kill once their master is gone. Its children, listed before,
                // are killed after it; it forks none in between, since none of them dies meanwhile.
                List<ProcessHandle> children = master.get().descendants().toList();
                master.get().destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException e) {
            // No pid file, or php-fpm never wrote one: nothing left running from here.
        }
    }

    /**
     * The process's command line as {@code /proc} shows it: php-fpm rewrites it into its title,
     * {@code php-fpm: master process (<config file>)}, which names the directory. Empty if unknown.
     */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
        }
    }

    private static boolean delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete the stale embedded php-fpm directory {}: {}", dir, e.toString());
            return false;
        }
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }
}
