package dev.fpmjms.bench;

import dev.fpmjms.config.ReplyPolicy;
import jakarta.jms.DeliveryMode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP way to reach PHP: nginx in front of the same php-fpm pool, driven by {@code wrk} (C,
 * the ceiling of that path) and by Java's {@link HttpClient} (what a Java user does today). Both
 * keep {@code concurrency} requests in flight, at most the pool size (see {@link NginxServer}).
 */
final class HttpScenarios {

    private static final Duration WRK_GRACE = Duration.ofSeconds(30);

    private HttpScenarios() {
    }

    /** nginx and wrk, or empty with the reason when either is not installed. */
    record Tools(Path nginx, Path wrk) {
        static Optional<Tools> find(StringBuilder missing) {
            Optional<Path> nginx = Executables.find("nginx");
            Optional<Path> wrk = Executables.find("wrk");
            if (nginx.isEmpty()) {
                missing.append("nginx");
            }
            if (wrk.isEmpty()) {
                missing.append(missing.length() > 0 ? " and " : "").append("wrk");
            }
            return nginx.isPresent() && wrk.isPresent() ? Optional.of(new Tools(nginx.get(), wrk.get())) : Optional.empty();
        }
    }

    /** wrk against nginx: warm-up run, measured run; the percentiles come from wrk's Lua {@code done} hook. */
    static ScenarioResult wrk(String name, BenchOptions options, HeapProbe probe, Tools tools, int size,
                              int concurrency) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children());
             NginxServer nginx = NginxServer.start(tools.nginx(), pool, options.children())) {
            Path script = Files.createTempFile("fpmjms-bench-wrk-", ".lua");
            try {
                Files.writeString(script, luaScript(size), StandardCharsets.US_ASCII);
                if (!options.warmup().isZero()) {
                    runWrk(tools.wrk(), script, nginx.url(), concurrency, options.warmup());
                }
                Window window = new Window(probe);
                window.open();
                WrkOutput out = runWrk(tools.wrk(), script, nginx.url(), concurrency, options.duration());
                window.close();
                withoutErrors(name, out);
                return window.externalResult(name, out.requests(), out.requestsPerSecond(), out.p50Micros(),
                        out.p99Micros(), out.p999Micros());
            } finally {
                Files.deleteIfExists(script);
            }
        }
    }

    /**
     * fpm-jms end to end (NON_PERSISTENT, as {@code fpmjms-e2e-nonpersistent}) and wrk through nginx
     * (as {@code nginx-wrk}) taking turns in one-second slices on one pool ({@link AlternatingLoop};
     * wrk runs whole seconds): their rates come from the same seconds. The pool has twice the
     * children, as nginx's upstream and fpm-jms each keep {@code children} connections alive.
     *
     * @param alsoReport takes wrk's result ({@code wrkName}); the fpm-jms one is returned. wrk's
     *                   percentiles are the medians of its slices' own
     */
    static ScenarioResult fpmJmsAlternatingWithWrk(String name, String wrkName, BenchOptions options, HeapProbe probe,
                                                   Tools tools, int size, int concurrency,
                                                   Consumer<ScenarioResult> alsoReport) throws Exception {
        Path script = Files.createTempFile("fpmjms-bench-wrk-", ".lua");
        try (EchoPool pool = EchoPool.start(2 * options.children());
             NginxServer nginx = NginxServer.start(tools.nginx(), pool, options.children())) {
            Files.writeString(script, luaScript(size), StandardCharsets.US_ASCII);
            return FpmJmsScenarios.withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, (factory, config) -> {
                try (JmsLoop.Loop loop = JmsLoop.Loop.open(factory, FpmJmsScenarios.QUEUE, DeliveryMode.NON_PERSISTENT,
                        size, false)) {
                    return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(
                            AlternatingLoop.closedLoop(name, loop, options.window(), probe),
                            new WrkSide(wrkName, tools.wrk(), script, nginx.url(), concurrency, probe), options,
                            Duration.ofSeconds(1)), alsoReport);
                }
            });
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** wrk runs of whole seconds as one side of an {@link AlternatingLoop}. */
    private static final class WrkSide implements AlternatingLoop.Side {
        private final String name;
        private final Path wrk;
        private final Path script;
        private final String url;
        private final int connections;
        private final HeapProbe probe;
        private final List<Long> p50s = new ArrayList<>();
        private final List<Long> p99s = new ArrayList<>();
        private final List<Long> p999s = new ArrayList<>();
        private long requests;
        private double seconds;
        private long phpNanos;
        private boolean phpKnown = true;

        WrkSide(String name, Path wrk, Path script, String url, int connections, HeapProbe probe) {
            this.name = name;
            this.wrk = wrk;
            this.script = script;
            this.url = url;
            this.connections = connections;
            this.probe = probe;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void slice(Duration length, boolean measured) throws Exception {
            long php0 = CpuMeter.phpNanos();
            WrkOutput out = withoutErrors(name, runWrk(wrk, script, url, connections, length));
            long php1 = CpuMeter.phpNanos();
            if (measured) {
                requests += out.requests();
                seconds += out.requests() / Math.max(1e-9, out.requestsPerSecond());
                phpKnown &= php0 >= 0 && php1 >= 0;
                phpNanos += php1 - php0;
                p50s.add(out.p50Micros());
                p99s.add(out.p99Micros());
                p999s.add(out.p999Micros());
            }
        }

        @Override
        public ScenarioResult result() {
            return new ScenarioResult(name, requests, requests / Math.max(1e-9, seconds), median(p50s), median(p99s),
                    median(p999s), probe.usedHeapAfterGcMb(), -1, -1,
                    phpKnown ? CpuMeter.microsPerOp(0, phpNanos, requests) : -1);
        }

        private static long median(List<Long> values) {
            if (values.isEmpty()) {
                return -1;
            }
            List<Long> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return sorted.get(sorted.size() / 2);
        }
    }

    /** POSTs the payload and prints exact percentiles (microseconds) in a line {@link WrkOutput} reads. */
    static String luaScript(int size) {
        return "wrk.method = \"POST\"\n"
                + "wrk.body = string.rep(\"x\", " + size + ")\n"
                + "wrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n"
                + "done = function(summary, latency, requests)\n"
                + "  local e = summary.errors\n"
                + "  io.write(string.format(\"bench-wrk: p50_us=%d p99_us=%d p999_us=%d requests=%d errors=%d\\n\",\n"
                + "    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), summary.requests,\n"
                + "    e.connect + e.read + e.write + e.status + e.timeout))\n"
                + "end\n";
    }

    /** {@code out}, unless wrk saw errors or non-2xx replies: then the scenario fails. */
    private static WrkOutput withoutErrors(String scenario, WrkOutput out) {
        if (out.errors() > 0) {
            throw new IllegalStateException("scenario " + scenario + ": wrk saw " + out.errors()
                    + " errors or non-2xx replies");
        }
        return out;
    }

    private static WrkOutput runWrk(Path wrk, Path script, String url, int connections, Duration length)
            throws IOException, InterruptedException {
        long seconds = Math.max(1, (length.toMillis() + 999) / 1000);
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(), "-t", Integer.toString(Math.min(2, connections)),
                "-c", Integer.toString(connections), "-d", seconds + "s", "--latency", "-s", script.toString(), url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out;
        try {
            if (!p.waitFor(seconds + WRK_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("wrk did not finish within " + (seconds + WRK_GRACE.toSeconds()) + " s");
            }
            out = p.getInputStream().readAllBytes();
        } finally {
            p.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with " + p.exitValue() + ":\n" + text);
        }
        return WrkOutput.parse(text);
    }

    /**
     * Java's HttpClient (HTTP/1.1) POSTing to nginx from {@code concurrency} threads, each sending
     * and waiting in a loop: the way a Java service calls a PHP endpoint today. (Measured: on this
     * path {@code sendAsync} with a window is several times slower than blocking sends.)
     */
    static ScenarioResult httpClient(String name, BenchOptions options, HeapProbe probe, Tools tools, int size,
                                     int concurrency) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children());
             NginxServer nginx = NginxServer.start(tools.nginx(), pool, options.children())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(nginx.url()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(size)))
                    .build();
            return ClosedLoop.runBlocking(name, options, concurrency, probe, () -> {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200 || r.body().length != size) {
                    throw new IllegalStateException("nginx reply: status " + r.statusCode() + ", "
                            + r.body().length + " bytes, expected 200 and " + size);
                }
            });
        }
    }
}
