package dev.fpmjms.spring.boot;

import dev.fpmjms.config.FpmConfigParser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a setting key as Spring Boot's relaxed binding delivers it ({@code route.orders.maxinflight}
 * from {@code FPMJMS_SETTINGS_ROUTE_ORDERS_MAXINFLIGHT}, {@code route.orders.max-in-flight}) onto
 * the provider's canonical key ({@code route.orders.maxInFlight}).
 *
 * <p>The rule: each key shape of {@link FpmConfigParser#keys()} is a list of dot-separated
 * segments, fixed ({@code route}, {@code maxInFlight}) or free ({@code <queue>}, {@code <NAME>}).
 * Fixed segments match ignoring case, {@code -} and {@code _}; free segments are kept exactly as
 * given (one or more segments, so a queue name may contain dots). Shapes with more fixed segments
 * are tried first, so {@code route.orders.maxinflight} is the option, not the target of a queue
 * named {@code orders.maxinflight}. A key that fits no shape is passed on unchanged, and the
 * provider rejects it with its own message (the key, "did you mean", the valid keys).
 * Stateless; thread-safe.
 */
final class RelaxedSettingKeys {
    private static final List<List<String>> SHAPES = shapes();

    private RelaxedSettingKeys() {
    }

    /**
     * The settings with canonical keys, in the order given.
     *
     * @throws IllegalArgumentException when two spellings of one key have different values
     */
    static Map<String, String> canonical(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> spelledAs = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            String canonical = canonical(key);
            String earlier = spelledAs.putIfAbsent(canonical, key);
            if (earlier != null && !out.get(canonical).equals(value)) {
                throw new IllegalArgumentException("fpmjms.settings sets '" + canonical + "' twice, as '" + earlier
                        + "' = '" + out.get(canonical) + "' and as '" + key + "' = '" + value
                        + "': set it once (an environment variable arrives lower-cased)");
            }
            out.put(canonical, value);
        });
        return out;
    }

    /** The canonical form of one key, or the key itself when it fits no shape. */
    static String canonical(String key) {
        String[] given = key.split("\\.", -1);
        for (List<String> shape : SHAPES) {
            String match = match(shape, given);
            if (match != null) {
                return match;
            }
        }
        return key;
    }

    /** Matches a shape of the form {@code fixed* [<free> fixed* [<free>]]}; null when it does not fit. */
    private static String match(List<String> shape, String[] given) {
        int free = firstFree(shape, 0);
        if (free < 0) {
            return given.length == shape.size() && fixedMatch(shape, 0, given, 0, shape.size()) ? String.join(".", shape) : null;
        }
        if (given.length <= free || !fixedMatch(shape, 0, given, 0, free)) {
            return null;
        }
        int secondFree = firstFree(shape, free + 1);
        int tailEnd = secondFree < 0 ? shape.size() : secondFree;
        int tail = tailEnd - free - 1;
        if (secondFree < 0) {
            int start = given.length - tail;
            if (start <= free || !fixedMatch(shape, free + 1, given, start, tail)) {
                return null;
            }
            return join(shape.subList(0, free), join(given, free, start), shape.subList(free + 1, shape.size()));
        }
        // route.<queue>.param.<NAME>: the first fixed run after the queue ends the queue, as the provider reads it
        for (int at = free + 1; at + tail < given.length; at++) {
            if (fixedMatch(shape, free + 1, given, at, tail)) {
                return join(shape.subList(0, free), join(given, free, at), shape.subList(free + 1, secondFree))
                        + "." + join(given, at + tail, given.length);
            }
        }
        return null;
    }

    private static boolean fixedMatch(List<String> shape, int from, String[] given, int at, int count) {
        for (int i = 0; i < count; i++) {
            if (!normalized(shape.get(from + i)).equals(normalized(given[at + i]))) {
                return false;
            }
        }
        return true;
    }

    private static int firstFree(List<String> shape, int from) {
        for (int i = from; i < shape.size(); i++) {
            if (isFree(shape.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isFree(String segment) {
        return segment.startsWith("<");
    }

    private static String normalized(String segment) {
        return segment.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String join(List<String> before, String free, List<String> after) {
        List<String> all = new ArrayList<>(before);
        all.add(free);
        all.addAll(after);
        return String.join(".", all);
    }

    private static String join(String[] given, int from, int to) {
        return String.join(".", Arrays.asList(given).subList(from, to));
    }

    /**
     * The segments with each run of free ones as one ({@code subscription.<topic>.<name>.maxInFlight}
     * has the free part {@code <topic>.<name>}, which the provider splits itself).
     */
    private static List<String> mergedFree(String[] segments) {
        List<String> out = new ArrayList<>();
        for (String s : segments) {
            if (isFree(s) && !out.isEmpty() && isFree(out.get(out.size() - 1))) {
                out.set(out.size() - 1, out.get(out.size() - 1) + "." + s);
            } else {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static List<List<String>> shapes() {
        List<List<String>> shapes = new ArrayList<>();
        for (String key : FpmConfigParser.keys()) {
            shapes.add(mergedFree(key.split("\\.")));
        }
        // Most fixed segments first (a stable sort keeps the provider's order among equals).
        shapes.sort(Comparator.comparingLong((List<String> s) -> s.stream().filter(x -> !isFree(x)).count()).reversed());
        return List.copyOf(shapes);
    }
}
