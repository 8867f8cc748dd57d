package dev.fpmjms.bench;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import dev.fpmjms.wire.WireRequest;
import dev.fpmjms.wire.WireRequestEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bash scripts/bench.sh --php-instructions}: the user-space instructions a php-fpm child
 * executes per request, counted by valgrind's callgrind, for the plain echo and for the shipped
 * echo worker under each wire protocol. Unlike CPU time on a shared machine the count does not
 * drift (two runs agree to a fraction of a percent), so it shows PHP-side savings of a few percent
 * that the throughput scenarios cannot resolve. It leaves out the kernel's part (socket reads and
 * writes, scheduling), which is the same for every kind of request.
 *
 * <p>php-fpm runs under {@code valgrind --tool=callgrind --trace-children=yes} with one child;
 * after {@value #WARMUP} requests of a kind, {@code callgrind_control -d} ends a counting interval,
 * {@value #REQUESTS} more requests run, and the next dump holds their instructions. Output: one
 * {@code bench: php-instructions request=<kind> params=<n> instructions_per_request=<n>} line per
 * kind, then ratio lines against the plain echo; all of it once on a pool that preloads
 * {@code fpmjms.php} (the embedded default) and once on one that does not ({@code no-preload-}
 * kinds), then each kind's preloaded / not preloaded ratio. Without valgrind it prints a notice
 * and exits 0.
 */
final class PhpInstructions {

    static final int WARMUP = 100;
    static final int REQUESTS = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int SIZE = 64;

    private PhpInstructions() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> valgrind = Executables.find("valgrind");
        Optional<Path> control = Executables.find("callgrind_control");
        Optional<Path> fpmBinary = findPhpFpm();
        if (valgrind.isEmpty() || control.isEmpty() || fpmBinary.isEmpty()) {
            System.out.println("bench: php-instructions skipped: valgrind, callgrind_control or php-fpm not installed"
                    + " (install with FPMJMS_BENCH_VALGRIND=1 bash scripts/install-deps.sh)");
            return;
        }
        Path dir = Files.createTempDirectory("fpmjms-callgrind-");
        // php-fpm's children write their counts here: as root they run as another user ("nobody")
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            Path wrapper = dir.resolve("php-fpm-under-callgrind");
            Files.writeString(wrapper, "#!/bin/sh\nexec " + valgrind.get() + " --tool=callgrind --trace-children=yes -q"
                    + " --callgrind-out-file=" + dir + "/cg.%p.out " + fpmBinary.get() + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            Map<String, Long> preloaded = measure(dir, wrapper, control.get(), BareLoopScenarios.PRELOAD, "");
            Map<String, Long> plain = measure(dir, wrapper, control.get(), BareLoopScenarios.NO_PRELOAD, "no-preload-");
            for (String kind : preloaded.keySet()) {
                System.out.println(ScenarioResult.ratioLine(kind + ".instructions", "no-preload-" + kind + ".instructions",
                        preloaded.get(kind) / (double) plain.get(kind)));
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Counts each kind of request on a pool with {@code phpIni}; prints a line per kind named
     * {@code prefix + kind}, and ratios against the plain echo.
     *
     * @return instructions per request by kind (without the prefix)
     */
    private static Map<String, Long> measure(Path dir, Path wrapper, Path control, Map<String, String> phpIni,
                                             String prefix) throws Exception {
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(1, 0, phpIni, wrapper.toString())).start();
             FcgiClient client = new FcgiClient(FcgiEndpoint.parse(fpm.endpointString()), FcgiClientSettings.builder()
                     .keepAlive(true).maxInFlight(1).readTimeout(TIMEOUT).build())) {
            Path plain = fpm.installScript(EchoPool.RAW_ECHO_NAME, EchoPool.RAW_ECHO);
            String echo = fpm.builtinScript("echo").toString();
            Map<String, WireRequest> kinds = new LinkedHashMap<>();
            kinds.put("plain-echo", new WireRequest(EchoPool.rawEchoParams(plain, SIZE), Payloads.bytes(SIZE)));
            kinds.put("bare-loop", new WireRequest(BareFcgiConnection.params(plain, SIZE), Payloads.bytes(SIZE)));
            for (int protocol = WireRequestEncoder.OLDEST_PROTOCOL_VERSION; protocol <= WireRequestEncoder.PROTOCOL_VERSION;
                 protocol++) {
                kinds.put("echo-worker-protocol-" + protocol, WireRequestEncoder
                        .forRoute(FpmJmsScenarios.QUEUE, echo, Map.of(), protocol).encode(RawFcgiScenario.typicalMessage(SIZE)));
            }
            kinds.put("echo-worker-helper-path", WireRequestEncoder.forRoute(FpmJmsScenarios.QUEUE, echo,
                    Map.of("ECHO_PATH", "helper"), WireRequestEncoder.PROTOCOL_VERSION).encode(RawFcgiScenario.typicalMessage(SIZE)));

            // OPcache does not cache a script changed less than opcache.file_update_protection (2 s)
            // ago: it would compile the freshly installed scripts on every request for a while.
            FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
            Files.setLastModifiedTime(plain, anHourAgo);
            Files.setLastModifiedTime(Path.of(echo), anHourAgo);
            long child = onlyChild(fpm.pid());
            Map<String, Long> perRequest = new LinkedHashMap<>();
            for (Map.Entry<String, WireRequest> k : kinds.entrySet()) {
                run(client, k.getValue(), WARMUP);
                dump(dir, control, child); // ends the interval that held the warm-up
                run(client, k.getValue(), REQUESTS);
                long n = dump(dir, control, child) / REQUESTS;
                perRequest.put(k.getKey(), n);
                System.out.printf(Locale.ROOT, "bench: php-instructions request=%s params=%d instructions_per_request=%d%n",
                        prefix + k.getKey(), k.getValue().params().size(), n);
            }
            for (String kind : List.of("bare-loop", "echo-worker-protocol-1", "echo-worker-protocol-2",
                    "echo-worker-helper-path")) {
                System.out.println(ScenarioResult.ratioLine(prefix + kind + ".instructions",
                        prefix + "plain-echo.instructions", perRequest.get(kind) / (double) perRequest.get("plain-echo")));
            }
            return perRequest;
        }
    }

    private static void run(FcgiClient client, WireRequest request, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            client.execute(request.params(), request.body()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Makes callgrind dump the child's counts since its last dump; returns the instructions in that dump. */
    private static long dump(Path dir, Path control, long pid) throws Exception {
        int before = lastDump(dir, pid);
        // Its output goes to a file, so that a callgrind_control that never ends cannot hang the run.
        Path out = dir.resolve("control.out");
        Process p = new ProcessBuilder(control.toString(), "-d", Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        if (!ended || p.exitValue() != 0) {
            throw new IllegalStateException("callgrind_control -d " + pid + (ended ? " failed: " : " did not end: ")
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int last = lastDump(dir, pid);
            if (last > before) {
                Optional<Long> total = totals(dir.resolve("cg." + pid + ".out." + last));
                if (total.isPresent()) {
                    return total.get();
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("callgrind wrote no dump for pid " + pid + " in " + dir);
    }

    /** The number of the child's newest dump ({@code cg.<pid>.out.<n>}), 0 before the first. */
    private static int lastDump(Path dir, long pid) throws IOException {
        String prefix = "cg." + pid + ".out.";
        int last = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path f : files) {
                String suffix = f.getFileName().toString().substring(prefix.length());
                if (suffix.matches("\\d+")) {
                    last = Math.max(last, Integer.parseInt(suffix));
                }
            }
        }
        return last;
    }

    /** The {@code totals:} (or {@code summary:}) line of a complete dump; empty while it is being written. */
    private static Optional<Long> totals(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("totals:") || line.startsWith("summary:")) {
                return Optional.of(Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]));
            }
        }
        return Optional.empty();
    }

    private static long onlyChild(long master) {
        List<ProcessHandle> children = ProcessHandle.of(master).orElseThrow().children().toList();
        if (children.size() != 1) {
            throw new IllegalStateException("expected one php-fpm child of " + master + ", found " + children.size());
        }
        return children.get(0).pid();
    }

    private static Optional<Path> findPhpFpm() {
        Optional<Path> plain = Executables.find("php-fpm");
        if (plain.isPresent()) {
            return plain;
        }
        try (Stream<Path> sbin = Files.list(Path.of("/usr/sbin"))) {
            return sbin.filter(p -> p.getFileName().toString().matches("php-fpm\\d+\\.\\d+")).max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
