package dev.fpmjms.fpm;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A php-fpm master process that the provider starts and stops itself, for development, tests and
 * demos: a generated {@code php-fpm.conf} and pool config in a fresh temporary directory, a static
 * pool, a unix socket (mode 0660) or a TCP port on 127.0.0.1.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #close()} (idempotent); in between, {@link #stop()}
 * and {@link #start()} again run php-fpm anew on the same socket (fault tests). {@code start()} blocks
 * until php-fpm answers a FastCGI request on its socket, at most {@value #START_TIMEOUT_SECONDS} s;
 * if php-fpm exits or does not answer in time it fails with an {@link IllegalStateException} that
 * quotes php-fpm's error log. {@code close()} sends SIGTERM, waits up to
 * {@value #STOP_TIMEOUT_SECONDS} s, then kills the master and its children and deletes the
 * directory.
 *
 * <p>php-fpm dies with its JVM however the JVM ends: a shutdown hook does what {@code close()}
 * does, and a {@link Watchdog} process (plain {@code /bin/sh}) kills php-fpm's process group and
 * deletes the directory when the JVM ends without running hooks ({@code kill -9}, a crash).
 * {@code start()} first removes the directories (and any php-fpm still running from them) that
 * JVMs which are gone left behind ({@link StaleDirectories}).
 *
 * <p>Workers see no environment variable of the JVM ({@code clear_env = yes}) except those the
 * settings name ({@code embeddedFpm.env.<NAME>}, {@code embeddedFpm.passEnv}); the values go to
 * php-fpm's process environment, never into its configuration files. When the JVM runs as root the
 * workers run as {@link EmbeddedFpmSettings#rootWorkerUser()} ({@code nobody} unless
 * {@code embeddedFpm.user} says otherwise; {@code -R} only if that is {@code root}), and the
 * directory is made traversable and the scripts readable for them; otherwise they run as the
 * JVM's user.
 *
 * <p>The shipped PHP scripts (class path {@code dev/fpmjms/php/}, listed in its {@code MANIFEST})
 * are copied to {@link #scriptDirectory()} on start. Thread-safety: {@code start} and
 * {@code close} are synchronized; the accessors may be called from any thread after start.
 */
public final class EmbeddedPhpFpm implements AutoCloseable {

    /** Where php-fpm listens. */
    public enum Listen { UNIX, TCP }

    static final int START_TIMEOUT_SECONDS = 10;
    static final int STOP_TIMEOUT_SECONDS = 5;
    static final String POOL_NAME = "fpmjms";
    static final String STATUS_PATH = "/fpm-status";
    static final String PING_PATH = "/fpm-ping";
    static final String SCRIPTS_RESOURCE_DIR = "dev/fpmjms/php/";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPhpFpm.class);
    private static final int UNIX_PATH_MAX = 100;
    private static final int TCP_BIND_ATTEMPTS = 3;
    /** Scripts are readable by workers that run as another user than the JVM. */
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> SCRIPT_PERMISSIONS =
            PosixFilePermissions.fromString("rw-r--r--");

    /** The php.ini setting of the script OPcache preloads; passed with {@code -d}, never to the pool. */
    static final String PRELOAD_INI = EmbeddedFpmSettings.PRELOAD_INI;

    private final EmbeddedFpmSettings settings;
    private final Listen listen;
    private final Map<String, String> poolDirectives;

    private Path dir;
    private Process process;
    private Watchdog watchdog;
    private SocketAddress address;
    private Thread shutdownHook;
    private boolean closed;
    /** Counted down by {@link #close()}: the shutdown hook may wait for it ({@link #awaitCloseAtJvmExit}). */
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private volatile Duration jvmExitGrace = Duration.ZERO;

    /** An embedded php-fpm on a unix socket; call {@link #start()}. */
    public EmbeddedPhpFpm(EmbeddedFpmSettings settings) {
        this(settings, Listen.UNIX, Map.of());
    }

    /**
     * An embedded php-fpm; call {@link #start()}.
     *
     * @param settings       pool size, terminate timeout, php ini values, binary
     * @param listen         unix socket or TCP on 127.0.0.1 (a free port)
     * @param poolDirectives extra pool directives written verbatim as {@code name = "value"}
     *                       (for tests, e.g. {@code pm.max_requests}); names are checked
     */
    public EmbeddedPhpFpm(EmbeddedFpmSettings settings, Listen listen, Map<String, String> poolDirectives) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listen = Objects.requireNonNull(listen, "listen");
        this.poolDirectives = Map.copyOf(poolDirectives);
        settings.phpIni().forEach((k, v) -> FpmConfigFiles.checkIni("embeddedFpm.phpIni", k, v));
        this.poolDirectives.forEach((k, v) -> FpmConfigFiles.checkIni("embedded php-fpm pool directive", k, v));
    }

    /**
     * Writes the configuration, starts php-fpm and waits until it answers.
     *
     * @throws IllegalStateException when php-fpm is not installed, exits early or does not answer
     *                               within {@value #START_TIMEOUT_SECONDS} s (message quotes its log)
     * @throws UncheckedIOException  when the temporary directory cannot be written
     */
    public synchronized EmbeddedPhpFpm start() {
        if (closed || (process != null && process.isAlive())) {
            throw new IllegalStateException("embedded php-fpm already started or closed");
        }
        Path binary = PhpFpmBinary.locate(settings.binary());
        if (process != null) {
            return restart(binary);
        }
        try {
            dir = createDirectory();
            Files.createDirectories(scripts());
            copyShippedScripts();
            shutdownHook = new Thread(this::stopAtJvmExit, "fpmjms-php-fpm-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            launchWithRetries(binary);
            for (String name : settings.passEnv()) {
                if (System.getenv(name) == null) {
                    LOG.warn("embeddedFpm.passEnv names {}, which is not set in this JVM's environment: PHP workers do not see it", name);
                }
            }
            LOG.info("embedded php-fpm started: pid {}, {}, {} children, scripts in {}",
                    process.pid(), endpointString(), settings.maxChildren(), scriptDirectory());
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start embedded php-fpm in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Stops php-fpm as {@link #close()} does (SIGTERM to the master, which ends its children at
     * once, so requests in progress are cut) but keeps its directory, configuration and address:
     * {@link #start()} then runs it again on the same socket. For fault tests. Blocks until the
     * master has exited (at most 2 x {@value #STOP_TIMEOUT_SECONDS} s). {@code start()} again waits
     * until a child answers a probe: clients that keep a connection to every child (keep-alive,
     * {@code maxInFlight == maxChildren}) leave none free for it, so keep one child more.
     *
     * @throws IllegalStateException when not started or closed
     */
    public synchronized void stop() {
        if (closed || process == null) {
            throw new IllegalStateException("embedded php-fpm is not started or closed");
        }
        stopProcess();
    }

    /** Runs php-fpm again with the configuration and address of the first start. */
    private EmbeddedPhpFpm restart(Path binary) {
        try {
            Files.deleteIfExists(log());
            launch(binary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart embedded php-fpm in " + dir + ": " + e.getMessage(), e);
        }
        StartFailure failure = awaitReady();
        if (failure != null) {
            String log = diagnostics();
            stopProcess();
            throw new IllegalStateException("embedded php-fpm (" + binary + ", " + endpointString() + ") "
                    + failure.text + " on restart; its log:\n" + log);
        }
        LOG.info("embedded php-fpm restarted: pid {}, {}", process.pid(), endpointString());
        return this;
    }

    private void launch(Path binary) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(binary))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("php-fpm.out").toFile()));
        // The pool's env[NAME] = "$NAME" entries read these from the master's environment.
        pb.environment().putAll(settings.env());
        process = pb.start();
        watchdog = Watchdog.watch(process.pid(), dir);
    }

    private void launchWithRetries(Path binary) throws IOException {
        for (int attempt = 1; ; attempt++) {
            address = listen == Listen.UNIX
                    ? UnixDomainSocketAddress.of(dir.resolve("php-fpm.sock"))
                    : new InetSocketAddress("127.0.0.1", freePort());
            Files.writeString(dir.resolve("pool.conf"), FpmConfigFiles.pool(address, settings, poolDirectives, dir.resolve("php")),
                    StandardCharsets.UTF_8);
            Files.writeString(configFile(), FpmConfigFiles.global(dir, log(), dir.resolve("pool.conf")),
                    StandardCharsets.UTF_8);
            Files.deleteIfExists(log());
            launch(binary);
            StartFailure failure = awaitReady();
            if (failure == null) {
                return;
            }
            String log = diagnostics();
            stopProcess();
            boolean portTaken = listen == Listen.TCP && log.contains("Address already in use");
            if (!portTaken || attempt == TCP_BIND_ATTEMPTS) {
                throw new IllegalStateException("embedded php-fpm (" + binary + ", " + endpointString() + ") "
                        + failure.text + "; its log:\n" + log);
            }
        }
    }

    private List<String> command(Path binary) {
        List<String> cmd = new ArrayList<>(Watchdog.groupLeaderPrefix());
        cmd.addAll(List.of(binary.toString(), "--nodaemonize",
                "-y", configFile().toString(), "-p", dir.toString()));
        if (RunningUser.isRoot() && settings.rootWorkerUser().equals("root")) {
            cmd.add("-R");
        }
        String preload = preloadScript();
        if (!preload.isEmpty()) {
            // System-level settings: php-fpm reads them from the command line, not from the pool.
            cmd.addAll(List.of("-d", "opcache.preload=" + preload,
                    "-d", "opcache.preload_user=" + workerUser()));
        }
        return cmd;
    }

    /**
     * The script OPcache preloads when php-fpm starts: by default the shipped helper
     * {@code fpmjms.php} ({@value EmbeddedFpmSettings#PRELOAD_SHIPPED_HELPER}), so that a worker's
     * {@code require_once 'fpmjms.php'} finds its classes already declared instead of declaring
     * them per request (docs/benchmarks.md measures it). The setting
     * {@code embeddedFpm.phpIni.opcache.preload} replaces it; empty switches preloading off.
     * Without the OPcache extension the setting is ignored by PHP.
     */
    String preloadScript() {
        String v = settings.phpIni().getOrDefault(PRELOAD_INI, EmbeddedFpmSettings.PRELOAD_SHIPPED_HELPER);
        return v.equals(EmbeddedFpmSettings.PRELOAD_SHIPPED_HELPER) ? scripts().resolve("fpmjms.php").toString() : v;
    }

    private enum StartFailure {
        EXITED("exited during start-up"),
        NO_ANSWER("did not answer within " + START_TIMEOUT_SECONDS + " s");

        final String text;

        StartFailure(String text) {
            this.text = text;
        }
    }

    /** Polls until php-fpm answers FCGI_GET_VALUES; null when ready. */
    private StartFailure awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try (FpmProbe probe = new FpmProbe(address, Duration.ofSeconds(1))) {
            while (System.nanoTime() - deadline < 0) {
                if (!process.isAlive()) {
                    return StartFailure.EXITED;
                }
                if (probe.answers()) {
                    return null;
                }
                if (process.waitFor(25, TimeUnit.MILLISECONDS)) {
                    return StartFailure.EXITED;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for embedded php-fpm to start", e);
        }
        return StartFailure.NO_ANSWER;
    }

    /** The endpoint of this php-fpm for a {@link dev.fpmjms.transport.FcgiClient}. */
    public synchronized FcgiEndpoint endpoint() {
        requireStarted();
        return FpmProbe.endpoint(address);
    }

    /** The user the workers run as: the configured one when root, else the JVM's. */
    private String workerUser() {
        return RunningUser.isRoot() ? settings.rootWorkerUser() : System.getProperty("user.name");
    }

    private static Path createDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        StaleDirectories.sweep(tmp);
        Path d = Files.createTempDirectory(StaleDirectories.PREFIX);
        if (d.resolve("php-fpm.sock").toString().length() > UNIX_PATH_MAX) {
            // java.io.tmpdir is too deep for a unix socket path (108 bytes on Linux): use /tmp.
            Files.delete(d);
            StaleDirectories.sweep(Path.of("/tmp"));
            d = Files.createTempDirectory(Path.of("/tmp"), StaleDirectories.PREFIX);
        }
        StaleDirectories.claim(d);
        if (RunningUser.isRoot()) {
            // Workers run as another user: they must reach the scripts (but not list the directory).
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x--x"));
        }
        return d;
    }

    private static int freePort() throws IOException {
        // Racy by nature (the port is free now, php-fpm binds it later): a bind failure is retried.
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void copyShippedScripts() throws IOException {
        Files.setPosixFilePermissions(scripts(), PosixFilePermissions.fromString("rwxr-xr-x"));
        ShippedScripts.copy(EmbeddedPhpFpm.class.getClassLoader(), SCRIPTS_RESOURCE_DIR, scripts());
        try (Stream<Path> files = Files.list(scripts())) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, SCRIPT_PERMISSIONS);
            }
        }
    }

    /** The socket php-fpm listens on: a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}. */
    public synchronized SocketAddress endpointAddress() {
        requireStarted();
        return address;
    }

    /** {@code unix:/path} or {@code tcp://127.0.0.1:port}, the endpoint grammar of routes. */
    public synchronized String endpointString() {
        requireStarted();
        if (address instanceof UnixDomainSocketAddress u) {
            return "unix:" + u.getPath();
        }
        return "tcp://127.0.0.1:" + ((InetSocketAddress) address).getPort();
    }

    /** The directory holding the shipped and installed scripts ({@code php/} in the temp dir). */
    public synchronized Path scriptDirectory() {
        requireStarted();
        return scripts();
    }

    /**
     * php-fpm's error log: the master's messages and worker output to fd 1 and 2
     * ({@code catch_workers_output = yes}).
     */
    public synchronized Path errorLog() {
        requireStarted();
        return log();
    }

    /** The master process id. */
    public synchronized long pid() {
        requireStarted();
        return process.pid();
    }

    /** Whether the master process is alive. */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * The pool's {@code pm.status_path}: php-fpm's status page, asked for over FastCGI like a script
     * ({@code SCRIPT_NAME} and {@code SCRIPT_FILENAME} set to it; {@code QUERY_STRING=json} for JSON).
     */
    public String statusPath() {
        return STATUS_PATH;
    }

    /**
     * The pool's {@code ping.path}: php-fpm answers {@code pong} there (its default
     * {@code ping.response}) without running PHP, asked for over FastCGI like a script.
     */
    public String pingPath() {
        return PING_PATH;
    }

    /**
     * The path of a shipped script, {@code scriptDirectory()/name.php}.
     *
     * @throws IllegalArgumentException when no such script was shipped
     */
    public Path builtinScript(String name) {
        Path p = scriptDirectory().resolve(name + ".php");
        if (name.isEmpty() || name.contains("/") || !Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no builtin PHP script '" + name + "': " + p
                    + " does not exist (shipped scripts are listed in " + SCRIPTS_RESOURCE_DIR + "MANIFEST)");
        }
        return p;
    }

    /**
     * Writes a script into {@link #scriptDirectory()} (for tests) and returns its absolute path.
     *
     * @throws IllegalArgumentException when the name is not a plain file name
     */
    public Path installScript(String fileName, String content) {
        if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("script file name must be a plain file name, was: " + fileName);
        }
        Path p = scriptDirectory().resolve(fileName);
        try {
            Files.writeString(p, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, SCRIPT_PERMISSIONS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write script " + p, e);
        }
        return p;
    }

    /** Stops php-fpm (SIGTERM, then SIGKILL after {@value #STOP_TIMEOUT_SECONDS} s) and deletes the directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to run; it waits for this close or stops php-fpm itself.
            }
        }
        try {
            stopAndClean();
        } finally {
            closing.countDown();
        }
    }

    /**
     * At the end of the JVM, this php-fpm's shutdown hook first waits up to {@code grace} for
     * {@link #close()}, then stops it whatever happened: for an owner whose own shutdown hook
     * still needs php-fpm (an engine that drains its queues) and closes it when done. Zero (the
     * default) stops it at once. Thread-safe.
     */
    public void awaitCloseAtJvmExit(Duration grace) {
        jvmExitGrace = Objects.requireNonNull(grace, "grace");
    }

    /** The shutdown hook: waits for the owner's {@link #close()} up to the grace, then stops php-fpm. */
    private void stopAtJvmExit() {
        try {
            if (!closing.await(jvmExitGrace.toNanos(), TimeUnit.NANOSECONDS)) {
                stopAndClean();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAndClean();
        }
    }

    private synchronized void stopAndClean() {
        stopProcess();
        deleteDirectory();
    }

    private void stopProcess() {
        Process p = process;
        try {
            stopMaster(p);
        } finally {
            if (watchdog != null) {
                watchdog.release();
                watchdog = null;
            }
        }
    }

    private void stopMaster(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        boolean exited = false;
        try {
            exited = p.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!exited) {
            LOG.warn("embedded php-fpm (pid {}) did not stop within {} s after SIGTERM: killing it",
                    p.pid(), STOP_TIMEOUT_SECONDS);
            p.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        try {
            p.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDirectory() {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete the embedded php-fpm directory {}: {}", dir, e.toString());
        }
    }

    private String diagnostics() {
        return tail(log()) + tail(dir.resolve("php-fpm.out"));
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.length() <= 4096 ? s : "..." + s.substring(s.length() - 4096);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    private Path scripts() {
        return dir.resolve("php");
    }

    private Path log() {
        return dir.resolve("php-fpm.log");
    }

    private Path configFile() {
        return dir.resolve("php-fpm.conf");
    }

    private void requireStarted() {
        if (dir == null || address == null) {
            throw new IllegalStateException("embedded php-fpm is not started");
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPhpFpm[" + (address == null ? "not started" : address) + "]";
    }
}
