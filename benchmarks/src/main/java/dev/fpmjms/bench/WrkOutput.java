package dev.fpmjms.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run reported, parsed from its standard output.
 *
 * <p>Rate comes from the {@code Requests/sec:} line. Percentiles come from the line our Lua
 * {@code done()} hook prints ({@code bench-wrk: p50_us=.. p99_us=.. p999_us=.. requests=.. errors=..}),
 * else from wrk's own {@code Latency Distribution} table (which has no 99.9th percentile: it is
 * then reported as the 99th). Errors are the sum of wrk's socket errors and non-2xx/3xx replies.
 *
 * @param requestsPerSecond the {@code Requests/sec:} figure
 * @param requests          the {@code N requests in T} count
 * @param p50Micros         median latency
 * @param p99Micros         99th percentile
 * @param p999Micros        99.9th percentile (the 99th when wrk's table was the source)
 * @param errors            socket errors plus non-2xx/3xx responses
 */
record WrkOutput(double requestsPerSecond, long requests, long p50Micros, long p99Micros, long p999Micros,
                 long errors) {

    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)\\s*$");
    private static final Pattern COUNT = Pattern.compile("(?m)^\\s*(\\d+) requests in ");
    private static final Pattern HOOK = Pattern.compile(
            "(?m)^bench-wrk: p50_us=(\\d+) p99_us=(\\d+) p999_us=(\\d+) requests=(\\d+) errors=(\\d+)\\s*$");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses: (\\d+)\\s*$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)\\s*$");

    /**
     * @throws IllegalArgumentException the text lacks the rate or any latency figures (quoted in the message)
     */
    static WrkOutput parse(String text) {
        Matcher rate = RATE.matcher(text);
        if (!rate.find()) {
            throw new IllegalArgumentException("wrk output has no 'Requests/sec:' line:\n" + text);
        }
        double rps = Double.parseDouble(rate.group(1));
        Matcher count = COUNT.matcher(text);
        long requests = count.find() ? Long.parseLong(count.group(1)) : 0;
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(text);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(text);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Matcher hook = HOOK.matcher(text);
        if (hook.find()) {
            return new WrkOutput(rps, requests, Long.parseLong(hook.group(1)), Long.parseLong(hook.group(2)),
                    Long.parseLong(hook.group(3)), errors);
        }
        long p50 = distribution(text, "50");
        long p99 = distribution(text, "99");
        return new WrkOutput(rps, requests, p50, p99, p99, errors);
    }

    private static long distribution(String text, String percent) {
        Matcher m = Pattern.compile("(?m)^\\s*" + percent + "(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$").matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("wrk output has neither the bench-wrk line nor a "
                    + percent + "% latency line (run wrk with --latency):\n" + text);
        }
        return toMicros(Double.parseDouble(m.group(1)), m.group(2));
    }

    /** wrk's duration units: {@code us}, {@code ms}, {@code s}, {@code m}. */
    static long toMicros(double value, String unit) {
        double micros = switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value;
            case "ms" -> value * 1_000;
            case "s" -> value * 1_000_000;
            case "m" -> value * 60_000_000;
            default -> throw new IllegalArgumentException("unknown wrk time unit '" + unit + "'");
        };
        return Math.round(micros);
    }
}
