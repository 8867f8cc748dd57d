package dev.fpmjms.bench;

import jakarta.jms.DeliveryMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side run of {@code scripts/bench.sh}: every scenario after a warm-up for a fixed
 * window, one {@code bench: scenario=...} line each on standard output, then the ratio lines.
 * Progress and notices go to standard error. Exit status 1 when a scenario failed, 2 on bad options.
 *
 * <p>Order: raw FastCGI, nginx, HttpClient, fpm-jms, the bare FastCGI loop (alone and against
 * fpm-jms and raw FastCGI), Artemis (last, see {@link #scenarios()}).
 * Each scenario starts its own php-fpm pool (same settings) so that no scenario inherits another's
 * kept connections.
 */
public final class BenchMain {

    /** One scenario's work, run on the main thread. */
    @FunctionalInterface
    interface Body {
        ScenarioResult run() throws Exception;
    }

    /** A named scenario; the name is what {@code --only} matches. */
    record Scenario(String name, Body body) {
    }

    private final BenchOptions options;
    private final HeapProbe probe = new HeapProbe();
    private final Map<String, ScenarioResult> results = new LinkedHashMap<>();
    private final List<String> failed = new ArrayList<>();

    private BenchMain(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.print(BenchOptions.USAGE);
                return;
            }
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        BenchMain main = new BenchMain(options);
        main.runAll();
        System.exit(main.failed.isEmpty() ? 0 : 1);
    }

    private void runAll() {
        System.out.println(settingsLine());
        for (Scenario s : scenarios()) {
            if (!options.wants(s.name())) {
                continue;
            }
            System.err.println("bench: running " + s.name() + " ...");
            try {
                report(s.body().run());
            } catch (SkippedException e) {
                System.out.println("bench: scenario=" + s.name() + " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(s.name());
                System.out.println("bench: scenario=" + s.name() + " failed: interrupted");
                return;
            } catch (Exception | Error e) {
                failed.add(s.name());
                System.out.println("bench: scenario=" + s.name() + " failed: " + oneLine(e));
                e.printStackTrace();
            }
            System.out.flush();
        }
        ratios().forEach(System.out::println);
    }

    /** Keeps a result for the ratio lines and prints its line. */
    private void report(ScenarioResult r) {
        results.put(r.name(), r);
        System.out.println(r.line());
    }

    private List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>();
        int c = options.concurrency();
        for (int size : options.sizes()) {
            String n = "raw-fcgi-" + BenchOptions.sizeLabel(size);
            list.add(new Scenario(n, () -> RawFcgiScenario.run(n, options, probe, size, c, Math.max(c, options.window()))));
        }
        String first = BenchOptions.sizeLabel(options.firstSize());
        String serial = "raw-fcgi-serial-" + first;
        list.add(new Scenario(serial, () -> RawFcgiScenario.run(serial, options, probe, options.firstSize(), 1, 1)));
        String worker = "raw-fcgi-echo-worker-" + first;
        list.add(new Scenario(worker, () -> RawFcgiScenario.runEchoWorker(worker, options, probe, options.firstSize(), c,
                Math.max(c, options.window()))));
        httpScenarios(list, Math.min(c, options.children()));
        FpmJmsScenarios.addTo(list, options, probe, this::report);
        BareLoopScenarios.addTo(list, options, probe, this::report);
        // Artemis last: its client and broker leave static thread pools and caches behind that
        // would count in the heap figures of every later scenario.
        String brokerFirst = BenchOptions.sizeLabel(options.firstSize());
        String brokerNp = "fpmjms-broker-e2e-nonpersistent-" + brokerFirst;
        String brokerP = "fpmjms-broker-e2e-persistent-" + brokerFirst;
        list.add(new Scenario(brokerNp, () -> BrokerModeScenario.run(brokerNp, options, probe, DeliveryMode.NON_PERSISTENT,
                options.firstSize())));
        list.add(new Scenario(brokerP, () -> BrokerModeScenario.run(brokerP, options, probe, DeliveryMode.PERSISTENT,
                options.firstSize())));
        String brokerAlternating = "fpmjms-broker-e2e-alternating-" + brokerFirst;
        String embeddedAlternating = "fpmjms-e2e-broker-peer-alternating-" + brokerFirst;
        list.add(new Scenario(brokerAlternating, () -> BrokerModeScenario.alternating(brokerAlternating, embeddedAlternating,
                options, probe, options.firstSize(), this::report)));
        for (int size : options.contextSizes()) {
            String label = BenchOptions.sizeLabel(size);
            String np = "artemis-nonpersistent-" + label;
            String p = "artemis-persistent-" + label;
            list.add(new Scenario(np, () -> ArtemisScenario.run(np, options, probe, DeliveryMode.NON_PERSISTENT, size)));
            list.add(new Scenario(p, () -> ArtemisScenario.run(p, options, probe, DeliveryMode.PERSISTENT, size)));
        }
        return list;
    }

    private void httpScenarios(List<Scenario> list, int concurrency) {
        StringBuilder missing = new StringBuilder();
        Optional<HttpScenarios.Tools> tools = HttpScenarios.Tools.find(missing);
        for (int size : options.contextSizes()) {
            String label = BenchOptions.sizeLabel(size);
            String wrk = "nginx-wrk-" + label;
            String http = "httpclient-nginx-" + label;
            if (tools.isEmpty()) {
                list.add(new Scenario(wrk, () -> skipped(wrk, missing + " not installed")));
                list.add(new Scenario(http, () -> skipped(http, missing + " not installed")));
                continue;
            }
            list.add(new Scenario(wrk, () -> HttpScenarios.wrk(wrk, options, probe, tools.get(), size, concurrency)));
            list.add(new Scenario(http, () -> HttpScenarios.httpClient(http, options, probe, tools.get(), size, concurrency)));
        }
        int size = options.firstSize();
        String alternating = "fpmjms-e2e-alternating-wrk-" + BenchOptions.sizeLabel(size);
        String wrkAlternating = "nginx-wrk-alternating-" + BenchOptions.sizeLabel(size);
        if (tools.isEmpty()) {
            list.add(new Scenario(alternating, () -> skipped(alternating, missing + " not installed")));
        } else {
            list.add(new Scenario(alternating, () -> HttpScenarios.fpmJmsAlternatingWithWrk(alternating, wrkAlternating,
                    options, probe, tools.get(), size, concurrency, this::report)));
        }
    }

    private static ScenarioResult skipped(String name, String why) throws SkippedException {
        throw new SkippedException("skipped: " + why
                + " (install with FPMJMS_BENCH_DEPS=1 bash scripts/install-deps.sh)");
    }

    /** A scenario that cannot run here; reported as a notice, not a failure. */
    static final class SkippedException extends Exception {
        SkippedException(String message) {
            super(message);
        }
    }

    private List<String> ratios() {
        String size = BenchOptions.sizeLabel(options.firstSize());
        String e2e = "fpmjms-e2e-nonpersistent-" + size;
        List<String> lines = new ArrayList<>();
        lines.add(ratio(e2e, "raw-fcgi-" + size, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio(e2e, "raw-fcgi-echo-worker-" + size, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio(e2e, "nginx-wrk-" + size, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-alternating-" + size, "raw-fcgi-alternating-" + size, ScenarioResult::msgsPerSecond,
                "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-alternating-worker-" + size, "raw-fcgi-echo-worker-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-alternating-wrk-" + size, "nginx-wrk-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio(e2e, "bare-loop-" + size, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("raw-fcgi-" + size, "bare-loop-" + size, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-alternating-bare-" + size, "bare-loop-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("raw-fcgi-alternating-bare-" + size, "bare-loop-alternating-raw-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("raw-fcgi-alternating-blocking-" + size, "blocking-handoff-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        for (int children : BareLoopScenarios.SCALING_CHILDREN) {
            String scaled = children + "-children-" + size;
            lines.add(ratio("fpmjms-e2e-alternating-bare-" + scaled, "bare-loop-alternating-" + scaled,
                    ScenarioResult::msgsPerSecond, "msgs_per_s"));
        }
        lines.add(ratio("bare-loop-preload-alternating-" + size, "bare-loop-no-preload-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        for (String kind : List.of("", "helper-")) {
            lines.add(ratio("fpmjms-e2e-" + kind + "preload-alternating-" + size,
                    "fpmjms-e2e-" + kind + "no-preload-alternating-" + size, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        }
        lines.add(ratio("fpmjms-e2e-two-pools-alternating-bare-" + size, "bare-loop-two-pools-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-two-engines-" + size, "fpmjms-e2e-one-engine-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-sharing-alternating-" + size, "fpmjms-e2e-sharing-off-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-persistent-" + size, e2e, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-persistent-async-" + size, e2e, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-e2e-persistent-async-alternating-" + size, "fpmjms-e2e-nonpersistent-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-broker-e2e-nonpersistent-" + size, e2e, ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-broker-e2e-nonpersistent-" + size, "raw-fcgi-" + size, ScenarioResult::msgsPerSecond,
                "msgs_per_s"));
        lines.add(ratio("fpmjms-broker-e2e-persistent-" + size, "fpmjms-e2e-persistent-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-broker-e2e-alternating-" + size, "fpmjms-e2e-broker-peer-alternating-" + size,
                ScenarioResult::msgsPerSecond, "msgs_per_s"));
        lines.add(ratio("fpmjms-request-reply-" + size, "raw-fcgi-serial-" + size, r -> r.p50Micros(), "p50_us"));
        lines.add(ratio("fpmjms-request-reply-paired-" + size, "raw-fcgi-serial-paired-" + size, r -> r.p50Micros(), "p50_us"));
        return lines;
    }

    private String ratio(String a, String b, ToDoubleFunction<ScenarioResult> figure, String field) {
        ScenarioResult ra = results.get(a);
        ScenarioResult rb = results.get(b);
        double x = ra == null || rb == null ? Double.NaN : figure.applyAsDouble(ra) / figure.applyAsDouble(rb);
        return ScenarioResult.ratioLine(a + "." + field, b + "." + field, x);
    }

    private String settingsLine() {
        return String.format(Locale.ROOT,
                "bench: settings children=%d concurrency=%d window=%d fsync=%s warmup_s=%.1f duration_s=%.1f sizes=%s cores=%d java=%s",
                options.children(), options.concurrency(), options.window(), options.fsync(), options.warmup().toMillis() / 1000.0,
                options.duration().toMillis() / 1000.0,
                String.join(",", options.sizes().stream().map(String::valueOf).toList()),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private static String oneLine(Throwable e) {
        String s = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
