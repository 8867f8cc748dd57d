package dev.fpmjms.bench;

import dev.fpmjms.config.FsyncPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of the side-by-side run. Immutable; {@link #parse} rejects an unknown flag
 * or a bad value with a message naming it.
 *
 * @param children    php-fpm pool size (static)
 * @param sizes       payload sizes in bytes; the first is the one every scenario runs
 * @param allSizes    run every throughput scenario at every size, not only the fpm-jms and raw ones
 * @param concurrency requests in flight towards php-fpm for raw FastCGI, nginx and HttpClient
 * @param window      messages in flight for the messaging scenarios (fpm-jms and Artemis)
 * @param fsync       the fpm-jms journal's fsync policy (its text form, {@code FsyncPolicy.parse})
 * @param warmup      warm-up before each measured window
 * @param duration    the measured window of each scenario
 * @param only        substrings; when non-empty only scenarios whose name contains one run
 */
record BenchOptions(int children, List<Integer> sizes, boolean allSizes, int concurrency, int window,
                    FsyncPolicy fsync, Duration warmup, Duration duration, List<String> only) {

    /**
     * Messages in flight per php-fpm child by default: enough that a PERSISTENT flow's journal
     * forces are shared by many messages while PHP stays busy (NON_PERSISTENT runs as fast with
     * 8 per child; docs/benchmarks.md, sixth pass).
     */
    static final int DEFAULT_WINDOW_PER_CHILD = 16;
    /** The journal policy of the runs: forced before a send returns, group commit delay 1 ms. */
    static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.always(Duration.ofMillis(1));

    static final String USAGE = """
            usage: bash scripts/bench.sh [options]          side-by-side run
                   bash scripts/bench.sh --jmh [jmh args]   JMH microbenchmarks
              --quick            ~1 minute smoke run (1 s warm-up, 2 s windows, 64 B only)
              --children N       php-fpm pool size, static (default 4)
              --sizes A,B,..     payload sizes in bytes (default 64,4096,262144)
              --all-sizes        every scenario at every size (default: fpm-jms and raw only)
              --concurrency N    in-flight requests for raw FastCGI, nginx, HttpClient (default: children)
              --window N         in-flight messages for fpm-jms and Artemis (default: 16 x children)
              --fsync POLICY     fpm-jms journal fsyncPolicy (default always:1ms; always, never, ...)
              --warmup S         warm-up seconds per scenario (default 5)
              --duration S       measured seconds per scenario (default 10)
              --only A,B,..      run only scenarios whose name contains one of these
            """;

    BenchOptions {
        require(children >= 1 && children <= 256, "--children", "1 to 256", children);
        sizes = List.copyOf(sizes);
        require(!sizes.isEmpty(), "--sizes", "at least one size", sizes);
        for (int s : sizes) {
            require(s >= 1 && s <= 8 * 1024 * 1024, "--sizes", "sizes of 1 byte to 8 MiB", s);
        }
        require(concurrency >= 1 && concurrency <= 1024, "--concurrency", "1 to 1024", concurrency);
        require(window >= 1 && window <= 100_000, "--window", "1 to 100000", window);
        java.util.Objects.requireNonNull(fsync, "fsync");
        require(!warmup.isNegative(), "--warmup", "0 or more seconds", warmup);
        require(!duration.isNegative() && !duration.isZero(), "--duration", "more than 0 seconds", duration);
        only = List.copyOf(only);
    }

    /** The payload size every scenario runs at. */
    int firstSize() {
        return sizes.get(0);
    }

    /** Sizes for a scenario that runs all sizes only with {@code --all-sizes}. */
    List<Integer> contextSizes() {
        return allSizes ? sizes : List.of(firstSize());
    }

    boolean wants(String scenario) {
        return only.isEmpty() || only.stream().anyMatch(scenario::contains);
    }

    /**
     * @throws IllegalArgumentException an unknown flag, a missing or bad value
     */
    static BenchOptions parse(String... args) {
        Integer children = null;
        Integer concurrency = null;
        Integer window = null;
        FsyncPolicy fsync = DEFAULT_FSYNC;
        List<Integer> sizes = null;
        boolean allSizes = false;
        boolean quick = false;
        Double warmup = null;
        Double duration = null;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--quick" -> quick = true;
                case "--all-sizes" -> allSizes = true;
                case "--children" -> children = intValue(flag, value(args, ++i, flag));
                case "--concurrency" -> concurrency = intValue(flag, value(args, ++i, flag));
                case "--window" -> window = intValue(flag, value(args, ++i, flag));
                case "--fsync" -> fsync = fsyncValue(flag, value(args, ++i, flag));
                case "--warmup" -> warmup = seconds(flag, value(args, ++i, flag));
                case "--duration" -> duration = seconds(flag, value(args, ++i, flag));
                case "--sizes" -> sizes = sizes(value(args, ++i, flag));
                case "--only" -> only = Arrays.stream(value(args, ++i, flag).split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'\n" + USAGE);
            }
        }
        int c = children == null ? 4 : children;
        if (sizes == null) {
            sizes = quick ? List.of(64) : List.of(64, 4096, 256 * 1024);
        }
        return new BenchOptions(c, sizes, allSizes,
                concurrency == null ? c : concurrency,
                window == null ? DEFAULT_WINDOW_PER_CHILD * c : window,
                fsync,
                toDuration(warmup != null ? warmup : quick ? 1 : 5),
                toDuration(duration != null ? duration : quick ? 2 : 10),
                only);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + flag + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String flag, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + flag + " needs an integer, was: '" + v + "'");
        }
    }

    private static FsyncPolicy fsyncValue(String flag, String v) {
        try {
            return FsyncPolicy.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + flag + ": " + e.getMessage());
        }
    }

    private static double seconds(String flag, String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + flag + " needs seconds (a number), was: '" + v + "'");
        }
    }

    private static List<Integer> sizes(String v) {
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            int factor = 1;
            if (p.endsWith("k")) {
                factor = 1024;
                p = p.substring(0, p.length() - 1);
            }
            out.add(intValue("--sizes", p) * factor);
        }
        return out;
    }

    private static Duration toDuration(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static void require(boolean ok, String option, String expected, Object actual) {
        if (!ok) {
            throw new IllegalArgumentException("option " + option + " must be " + expected + ", was: " + actual);
        }
    }

    /** {@code 64B}, {@code 4KiB}, {@code 256KiB}: the size as it appears in scenario names. */
    static String sizeLabel(int bytes) {
        if (bytes >= 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return bytes + "B";
    }
}
