package dev.fpmjms.bench;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.transport.FcgiClient;
import jakarta.jms.DeliveryMode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ceiling of every run: the bare FastCGI loop ({@link BareFcgiConnection}, one blocking
 * connection and thread per php-fpm child, plain echo, minimal params), alone and taking turns
 * ({@link AlternatingLoop}) with fpm-jms end to end NON_PERSISTENT and with the raw
 * {@link FcgiClient}, so that both can be stated as a fraction of what the machine can do from the
 * same seconds. Scaling: the same with more children, and with two routes on two pools.
 */
final class BareLoopScenarios {

    /** The pool setting that preloads the shipped helper (the embedded php-fpm's default, named). */
    static final java.util.Map<String, String> PRELOAD = java.util.Map.of(EmbeddedFpmSettings.PRELOAD_INI,
            EmbeddedFpmSettings.PRELOAD_SHIPPED_HELPER);

    /** The pool setting that switches preloading off. */
    static final java.util.Map<String, String> NO_PRELOAD = java.util.Map.of(EmbeddedFpmSettings.PRELOAD_INI, "");

    /** Pool sizes of the scaling scenarios (besides {@code --children}). */
    static final List<Integer> SCALING_CHILDREN = List.of(8, 16);

    private BareLoopScenarios() {
    }

    /** @param report records and prints a result that a scenario makes besides the one it returns */
    static void addTo(List<BenchMain.Scenario> list, BenchOptions options, HeapProbe probe,
                      Consumer<ScenarioResult> report) {
        for (int size : options.sizes()) {
            String n = "bare-loop-" + BenchOptions.sizeLabel(size);
            list.add(new BenchMain.Scenario(n, () -> alone(n, options, probe, size)));
        }
        int size = options.firstSize();
        String label = BenchOptions.sizeLabel(size);
        int c = options.children();
        String e2e = "fpmjms-e2e-alternating-bare-" + label;
        String bareE2e = "bare-loop-alternating-" + label;
        list.add(new BenchMain.Scenario(e2e, () -> endToEndAgainstBare(e2e, bareE2e, options, probe, size, c, report)));
        String raw = "raw-fcgi-alternating-bare-" + label;
        String bareRaw = "bare-loop-alternating-raw-" + label;
        list.add(new BenchMain.Scenario(raw, () -> rawAgainstBare(raw, bareRaw, options, probe, size, report)));
        String rawBlocking = "raw-fcgi-alternating-blocking-" + label;
        String blocking = "blocking-handoff-alternating-" + label;
        list.add(new BenchMain.Scenario(rawBlocking, () -> rawAgainstBlocking(rawBlocking, blocking, options, probe, size,
                report)));
        for (int children : SCALING_CHILDREN) {
            if (children == c) {
                continue;
            }
            String scaled = "fpmjms-e2e-alternating-bare-" + children + "-children-" + label;
            String bareScaled = "bare-loop-alternating-" + children + "-children-" + label;
            list.add(new BenchMain.Scenario(scaled, () -> endToEndAgainstBare(scaled, bareScaled, options, probe, size,
                    children, report)));
        }
        String preload = "bare-loop-preload-alternating-" + label;
        String noPreload = "bare-loop-no-preload-alternating-" + label;
        list.add(new BenchMain.Scenario(preload, () -> preloadAgainstNone(preload, noPreload, options, probe, size, report)));
        for (boolean helper : new boolean[] {false, true}) {
            String kind = helper ? "helper-" : "";
            String e2ePreload = "fpmjms-e2e-" + kind + "preload-alternating-" + label;
            String e2eNoPreload = "fpmjms-e2e-" + kind + "no-preload-alternating-" + label;
            list.add(new BenchMain.Scenario(e2ePreload, () -> endToEndPreloadAgainstNone(e2ePreload, e2eNoPreload, helper,
                    options, probe, size, report)));
        }
        String twoPools = "fpmjms-e2e-two-pools-alternating-bare-" + label;
        String bareTwoPools = "bare-loop-two-pools-alternating-" + label;
        list.add(new BenchMain.Scenario(twoPools, () -> twoPoolsAgainstBare(twoPools, bareTwoPools, options, probe, size,
                report)));
    }

    /** The bare loop alone: {@code --children} threads, one connection each, on a pool of {@code --children}. */
    static ScenarioResult alone(String name, BenchOptions options, HeapProbe probe, int size) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children());
             Connections bare = Connections.open(pool, options.children(), size)) {
            return ClosedLoop.runBlocking(name, options, options.children(), probe, i -> bare.get(i)::roundTrip);
        }
    }

    /**
     * fpm-jms end to end NON_PERSISTENT (route {@code maxInFlight = children}, window 16 x children
     * or {@code --window} at the default pool size) against the bare loop ({@code children}
     * threads), taking turns on one pool of 2 x children (each side keeps {@code children}
     * connections, and a kept connection pins a child).
     *
     * @param alsoReport takes the bare loop's result ({@code bareName}); the fpm-jms one is returned
     */
    static ScenarioResult endToEndAgainstBare(String name, String bareName, BenchOptions options, HeapProbe probe,
                                              int size, int children, Consumer<ScenarioResult> alsoReport)
            throws Exception {
        int window = children == options.children() ? options.window() : BenchOptions.DEFAULT_WINDOW_PER_CHILD * children;
        try (EchoPool pool = EchoPool.start(2 * children);
             Connections bare = Connections.open(pool, children, size)) {
            FpmRoute route = FpmJmsScenarios.echoRoute(FpmJmsScenarios.QUEUE, pool, children, ReplyPolicy.KEEP);
            return FpmJmsScenarios.withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, b -> b.route(route),
                    (factory, config) -> {
                        try (JmsLoop.Loop loop = JmsLoop.Loop.open(factory, FpmJmsScenarios.QUEUE,
                                DeliveryMode.NON_PERSISTENT, size, false)) {
                            return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(
                                    AlternatingLoop.closedLoop(name, loop, window, probe),
                                    bare.side(bareName, probe), options, AlternatingLoop.SLICE), alsoReport);
                        }
                    });
        }
    }

    /**
     * The raw {@link FcgiClient} to the plain echo (as {@code raw-fcgi}) against the bare loop,
     * taking turns on one pool of 2 x children.
     *
     * @param alsoReport takes the bare loop's result ({@code bareName}); the raw one is returned
     */
    static ScenarioResult rawAgainstBare(String name, String bareName, BenchOptions options, HeapProbe probe, int size,
                                         Consumer<ScenarioResult> alsoReport) throws Exception {
        int c = options.children();
        try (EchoPool pool = EchoPool.start(2 * c);
             FcgiClient raw = RawFcgiScenario.client(pool, c, size);
             Connections bare = Connections.open(pool, c, size)) {
            return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(
                    AlternatingLoop.closedLoop(name, RawFcgiScenario.echo(raw, pool, size), Math.max(c, options.window()),
                            probe),
                    bare.side(bareName, probe), options, AlternatingLoop.SLICE), alsoReport);
        }
    }

    /**
     * The raw {@link FcgiClient} to the plain echo (as {@code raw-fcgi}) against the prototype of a
     * blocking transport ({@link BlockingHandoffPool}: a thread per kept connection, the bare
     * loop's request), each under the same driver with a window of {@code max(children, --window)},
     * taking turns on one pool of 2 x children.
     *
     * @param alsoReport takes the prototype's result ({@code blockingName}); the raw one is returned
     */
    static ScenarioResult rawAgainstBlocking(String name, String blockingName, BenchOptions options, HeapProbe probe,
                                             int size, Consumer<ScenarioResult> alsoReport) throws Exception {
        int c = options.children();
        int window = Math.max(c, options.window());
        try (EchoPool pool = EchoPool.start(2 * c);
             FcgiClient raw = RawFcgiScenario.client(pool, c, size);
             BlockingHandoffPool blocking = new BlockingHandoffPool(pool, c, size)) {
            return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(
                    AlternatingLoop.closedLoop(name, RawFcgiScenario.echo(raw, pool, size), window, probe),
                    AlternatingLoop.closedLoop(blockingName, blocking.operation(), window, probe), options,
                    AlternatingLoop.SLICE), alsoReport);
        }
    }

    /**
     * Two routes ({@value FpmJmsScenarios#QUEUE}, {@value FpmJmsScenarios#SECOND_QUEUE}) of one
     * engine on two pools, each route with {@code maxInFlight = children} and a sender thread and
     * window of its own, against the bare loop on both pools ({@code children} threads each),
     * taking turns; each pool has 2 x children. Twice the work of the one-pool scenarios on the
     * same cores: how fpm-jms's cost grows with it.
     *
     * @param alsoReport takes the bare loop's result ({@code bareName}); the fpm-jms one is returned
     */
    static ScenarioResult twoPoolsAgainstBare(String name, String bareName, BenchOptions options, HeapProbe probe,
                                              int size, Consumer<ScenarioResult> alsoReport) throws Exception {
        int c = options.children();
        try (EchoPool pool = EchoPool.start(2 * c);
             EchoPool second = EchoPool.start(2 * c);
             Connections bare = Connections.open(List.of(pool, second), c, size)) {
            FpmRoute secondRoute = FpmJmsScenarios.echoRoute(FpmJmsScenarios.SECOND_QUEUE, second, c, ReplyPolicy.KEEP);
            return FpmJmsScenarios.withFactory(name, pool, options, ReplyPolicy.KEEP, 100_000, b -> b.route(secondRoute),
                    (factory, config) -> {
                        try (JmsLoop.Loop a = JmsLoop.Loop.open(factory, FpmJmsScenarios.QUEUE,
                                DeliveryMode.NON_PERSISTENT, size, false);
                             JmsLoop.Loop b = JmsLoop.Loop.open(factory, FpmJmsScenarios.SECOND_QUEUE,
                                     DeliveryMode.NON_PERSISTENT, size, false)) {
                            return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(
                                    AlternatingLoop.closedLoops(name, List.of(a, b), options.window(), probe),
                                    bare.side(bareName, probe), options, AlternatingLoop.SLICE), alsoReport);
                        }
                    });
        }
    }

    /**
     * A pool that preloads the shipped {@code fpmjms.php} ({@link #PRELOAD}, the embedded
     * php-fpm's default) against one without preloading ({@link #NO_PRELOAD}): the bare loop on each,
     * taking turns, so that what preloading costs a plain script is measured side by side.
     *
     * @param alsoReport takes the result without preloading ({@code noPreloadName}); the one with it is returned
     */
    static ScenarioResult preloadAgainstNone(String name, String noPreloadName, BenchOptions options, HeapProbe probe,
                                             int size, Consumer<ScenarioResult> alsoReport) throws Exception {
        int c = options.children();
        try (EchoPool preloading = EchoPool.start(c, PRELOAD);
             EchoPool plain = EchoPool.start(c, NO_PRELOAD);
             Connections a = Connections.open(preloading, c, size);
             Connections b = Connections.open(plain, c, size)) {
            return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(a.side(name, probe), b.side(noPreloadName, probe),
                    options, AlternatingLoop.SLICE), alsoReport);
        }
    }

    /**
     * fpm-jms end to end NON_PERSISTENT on a pool that preloads {@code fpmjms.php} and on one that
     * does not, one engine each, taking turns. With {@code helperPath} the echo worker takes the
     * PHP helper's path (route param {@code ECHO_PATH=helper}: {@code require 'fpmjms.php'}, Request,
     * Reply), as a worker written with the helper does; without it, its fast path, which loads no helper.
     *
     * @param alsoReport takes the result without preloading; the one with it is returned
     */
    static ScenarioResult endToEndPreloadAgainstNone(String name, String noPreloadName, boolean helperPath,
                                                     BenchOptions options, HeapProbe probe, int size,
                                                     Consumer<ScenarioResult> alsoReport) throws Exception {
        int c = options.children();
        java.util.Map<String, String> params = helperPath ? java.util.Map.of("ECHO_PATH", "helper") : java.util.Map.of();
        try (EchoPool preloading = EchoPool.start(c, PRELOAD);
             EchoPool plain = EchoPool.start(c, NO_PRELOAD)) {
            FpmRoute a = FpmJmsScenarios.echoRouteBuilder(FpmJmsScenarios.QUEUE, preloading, c, ReplyPolicy.KEEP)
                    .params(params).build();
            FpmRoute b = FpmJmsScenarios.echoRouteBuilder(FpmJmsScenarios.QUEUE, plain, c, ReplyPolicy.KEEP)
                    .params(params).build();
            return FpmJmsScenarios.withFactory(name, preloading, options, ReplyPolicy.KEEP, 100_000, x -> x.route(a),
                    (fa, ca) -> FpmJmsScenarios.withFactory(noPreloadName, plain, options, ReplyPolicy.KEEP, 100_000,
                            x -> x.route(b), (fb, cb) -> {
                                try (JmsLoop.Loop la = JmsLoop.Loop.open(fa, FpmJmsScenarios.QUEUE,
                                        DeliveryMode.NON_PERSISTENT, size, false);
                                     JmsLoop.Loop lb = JmsLoop.Loop.open(fb, FpmJmsScenarios.QUEUE,
                                             DeliveryMode.NON_PERSISTENT, size, false)) {
                                    return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(name, la, noPreloadName,
                                            lb, options, options.window(), probe), alsoReport);
                                }
                            }));
        }
    }

    /** The bare loop's connections, {@code perPool} to each pool; closed together. */
    static final class Connections implements AutoCloseable {
        private final List<BareFcgiConnection> list = new ArrayList<>();

        static Connections open(EchoPool pool, int count, int size) throws IOException {
            return open(List.of(pool), count, size);
        }

        static Connections open(List<EchoPool> pools, int perPool, int size) throws IOException {
            Connections c = new Connections();
            try {
                for (EchoPool pool : pools) {
                    for (int i = 0; i < perPool; i++) {
                        c.list.add(new BareFcgiConnection(pool.socketAddress(), pool.rawEchoScript(), size));
                    }
                }
                return c;
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        BareFcgiConnection get(int i) {
            return list.get(i);
        }

        /** A side of blocking loops, one thread per connection. */
        AlternatingLoop.Side side(String name, HeapProbe probe) {
            List<ClosedLoop.BlockingOperation> ops = new ArrayList<>();
            for (BareFcgiConnection c : list) {
                ops.add(c::roundTrip);
            }
            return AlternatingLoop.blockingLoops(name, ops, probe);
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (BareFcgiConnection c : list) {
                try {
                    c.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
