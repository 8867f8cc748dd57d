package dev.fpmjms.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading and writing the value forms of fpm-jms settings: durations, sizes, whole numbers,
 * decimals, booleans, enums and comma lists.
 *
 * <p>Readers throw {@link BadValue} carrying what was expected; {@link FpmConfigParser} adds the
 * key. Writers produce the canonical form, which the readers accept again unchanged.
 */
final class SettingValues {
    static final String DURATION = "a duration like 30s, 500ms, 2m, 1h or plain milliseconds";
    static final String SIZE = "a size like 64KiB, 16MiB or plain bytes (units B, KiB, MiB, GiB, TiB are 1024-based)";
    static final String WHOLE = "a whole number (digits only)";
    static final String DECIMAL = "a decimal number like 2 or 0.25";
    static final String BOOLEAN = "true or false";
    static final String TEXT = "a non-empty text";
    static final String LIST = "a comma-separated list without empty entries";

    private static final Pattern NUMBER_UNIT = Pattern.compile("([0-9]+)\\s*([A-Za-z]*)");
    private static final Pattern DECIMAL_FORM = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final String[] DURATION_UNITS = {"d", "h", "m", "s", "ms", "us", "ns"};
    private static final long[] DURATION_NANOS = {86_400_000_000_000L, 3_600_000_000_000L,
            60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] SIZE_UNITS = {"TiB", "GiB", "MiB", "KiB", "B"};

    private SettingValues() {
    }

    /** A value that does not have the expected form; the parser adds the key to the message. */
    static final class BadValue extends IllegalArgumentException {
        final String expected;

        BadValue(String expected) {
            super("expected " + expected);
            this.expected = expected;
        }
    }

    static String text(String v) {
        if (v.isEmpty()) {
            throw new BadValue(TEXT);
        }
        return v;
    }

    static long whole(String v) {
        if (!v.chars().allMatch(c -> c >= '0' && c <= '9') || v.isEmpty()) {
            throw new BadValue(WHOLE);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadValue(WHOLE + " up to " + Long.MAX_VALUE);
        }
    }

    static int wholeInt(String v) {
        long n = whole(v);
        if (n > Integer.MAX_VALUE) {
            throw new BadValue(WHOLE + " up to " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    static double decimal(String v) {
        if (!DECIMAL_FORM.matcher(v).matches()) {
            throw new BadValue(DECIMAL);
        }
        return Double.parseDouble(v);
    }

    static String formatDecimal(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("cannot write the non-finite number " + d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static boolean bool(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadValue(BOOLEAN);
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String v) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new BadValue(enumChoices(type));
    }

    static <E extends Enum<E>> String enumChoices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(formatEnum(e));
        }
        return "one of " + String.join(", ", names);
    }

    static String formatEnum(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Splits a comma list; entries are trimmed; an empty value is the empty list. */
    static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        if (v.isBlank()) {
            return out;
        }
        for (String part : v.split(",", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                throw new BadValue(LIST);
            }
            out.add(entry);
        }
        return out;
    }

    static String formatList(String setting, List<String> entries) {
        for (String e : entries) {
            if (e.isEmpty() || e.contains(",") || !e.equals(e.strip())) {
                throw new IllegalArgumentException("fpm-jms setting '" + setting + "' cannot be written as a"
                        + " comma list: entry '" + e + "' is empty, holds a comma or has surrounding spaces");
            }
        }
        return String.join(",", entries);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d}, {@code 10us}, {@code 5ns}; digits alone are milliseconds. */
    static Duration duration(String v) {
        Matcher m = NUMBER_UNIT.matcher(v.strip());
        if (!m.matches()) {
            throw new BadValue(DURATION);
        }
        String unit = m.group(2).isEmpty() ? "ms" : m.group(2);
        for (int i = 0; i < DURATION_UNITS.length; i++) {
            if (DURATION_UNITS[i].equals(unit)) {
                try {
                    return ofUnits(Long.parseLong(m.group(1)), DURATION_NANOS[i]);
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new BadValue(DURATION + " (too large)");
                }
            }
        }
        throw new BadValue(DURATION);
    }

    private static Duration ofUnits(long amount, long nanosPerUnit) {
        if (nanosPerUnit >= 1_000_000_000L) {
            return Duration.ofSeconds(Math.multiplyExact(amount, nanosPerUnit / 1_000_000_000L));
        }
        long perSecond = 1_000_000_000L / nanosPerUnit;
        return Duration.ofSeconds(amount / perSecond, (amount % perSecond) * nanosPerUnit);
    }

    /** The canonical form: the largest unit that divides the duration exactly. */
    static String formatDuration(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot write the negative duration " + d);
        }
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        if (seconds == 0 && nanos == 0) {
            return "0";
        }
        for (int i = 0; i < DURATION_UNITS.length; i++) {
            long unit = DURATION_NANOS[i];
            if (unit >= 1_000_000_000L) {
                long unitSeconds = unit / 1_000_000_000L;
                if (nanos == 0 && seconds % unitSeconds == 0) {
                    return (seconds / unitSeconds) + DURATION_UNITS[i];
                }
            } else if (nanos % unit == 0) {
                long perSec = 1_000_000_000L / unit;
                return Math.addExact(Math.multiplyExact(seconds, perSec), nanos / unit) + DURATION_UNITS[i];
            }
        }
        throw new IllegalStateException("unreachable: ns divides every duration");
    }

    /** A duration in whole seconds, for php-fpm settings that count seconds. */
    static int wholeSeconds(String v) {
        Duration d = duration(v);
        if (d.getNano() != 0 || d.getSeconds() > Integer.MAX_VALUE) {
            throw new BadValue("a whole number of seconds like 30s or 2m (digits alone are milliseconds)");
        }
        return (int) d.getSeconds();
    }

    /** {@code 64KiB}, {@code 16MiB}, {@code 1GiB}, {@code 512B}; digits alone are bytes. */
    static long size(String v) {
        Matcher m = NUMBER_UNIT.matcher(v.strip());
        if (!m.matches()) {
            throw new BadValue(SIZE);
        }
        String unit = m.group(2).isEmpty() ? "B" : m.group(2);
        for (int i = 0; i < SIZE_UNITS.length; i++) {
            if (SIZE_UNITS[i].equalsIgnoreCase(unit)) {
                try {
                    return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << (10 * (SIZE_UNITS.length - 1 - i)));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new BadValue(SIZE + " (too large)");
                }
            }
        }
        throw new BadValue(SIZE);
    }

    static int sizeInt(String v) {
        long n = size(v);
        if (n > Integer.MAX_VALUE) {
            throw new BadValue(SIZE + " up to " + Integer.MAX_VALUE + " bytes");
        }
        return (int) n;
    }

    static String formatSize(long bytes) {
        for (int i = 0; i < SIZE_UNITS.length - 1; i++) {
            long unit = 1L << (10 * (SIZE_UNITS.length - 1 - i));
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + SIZE_UNITS[i];
            }
        }
        return Long.toString(bytes);
    }
}
