package dev.fpmjms.fpm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code /bin/sh} process that ends the embedded php-fpm when its JVM ends, however it ends
 * ({@code kill -9} and crashes included, which run no shutdown hook).
 *
 * <p>The watchdog reads its standard input, a pipe whose only write end this JVM holds. A line on
 * it ({@link #release()}) means the JVM has stopped php-fpm itself: the watchdog exits. End of
 * file means the JVM is gone: the watchdog sends SIGTERM to the master's process group (the
 * master leads a group of its own, started with {@code setsid}; without setsid, to the master,
 * which ends its children on SIGTERM), waits up to {@value #GRACE_TENTHS} tenths of a second,
 * sends SIGKILL to the group and deletes the php-fpm directory. It ignores SIGHUP, SIGINT, SIGQUIT
 * and SIGTERM, so that a Ctrl-C to the JVM's terminal (which reaches the whole foreground group)
 * leaves it to do this work. It needs only {@code sh}, {@code kill}, {@code sleep} and {@code rm},
 * which every Debian has (php-fpm's own package depends on nothing more).
 *
 * <p>Not thread-safe: used under {@link EmbeddedPhpFpm}'s lock.
 */
final class Watchdog {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    /** How long php-fpm has after SIGTERM before SIGKILL, in tenths of a second. */
    static final int GRACE_TENTHS = 50;

    /** {@code $1}: the master's pid (and process group id), {@code $2}: the directory to delete. */
    static final String SCRIPT = String.join("\n",
            "trap '' HUP INT QUIT TERM",
            "if read -r line; then exit 0; fi",
            "kill -TERM -\"$1\" 2>/dev/null || kill -TERM \"$1\" 2>/dev/null",
            "i=0",
            "while { kill -0 -\"$1\" || kill -0 \"$1\"; } 2>/dev/null && [ \"$i\" -lt " + GRACE_TENTHS + " ]; do",
            "  sleep 0.1; i=$((i+1))",
            "done",
            "kill -KILL -\"$1\" 2>/dev/null; kill -KILL \"$1\" 2>/dev/null",
            "rm -rf -- \"$2\"",
            "");

    /** Where {@code setsid} lives on Debian (util-linux, an essential package), or null. */
    private static final Path SETSID = findSetsid();

    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /**
     * The command prefix that starts php-fpm as the leader of a process group of its own
     * ({@code setsid} execs in place, so the pid stays the master's), or nothing without setsid.
     */
    static List<String> groupLeaderPrefix() {
        return SETSID == null ? List.of() : List.of(SETSID.toString());
    }

    /**
     * Starts a watchdog for a running master.
     *
     * @return the watchdog, or {@code null} when {@code /bin/sh} cannot be run (logged: php-fpm
     *         then outlives a JVM that dies without running its shutdown hooks)
     */
    static Watchdog watch(long masterPid, Path directory) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "fpmjms-watchdog", Long.toString(masterPid),
                    directory.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Watchdog(p);
        } catch (IOException e) {
            LOG.warn("cannot start the embedded php-fpm watchdog (/bin/sh): php-fpm (pid {}) would outlive a JVM "
                    + "killed with SIGKILL: {}", masterPid, e.toString());
            return null;
        }
    }

    /** The watchdog's process id. */
    long pid() {
        return process.pid();
    }

    /**
     * Tells the watchdog that php-fpm was stopped in order: it exits without killing anything.
     * Does not block on the watchdog's exit.
     */
    void release() {
        try (OutputStream out = process.getOutputStream()) {
            out.write("stopped\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The watchdog is gone already: nothing to release.
        }
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
