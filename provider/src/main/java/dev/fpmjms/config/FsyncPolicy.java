package dev.fpmjms.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the journal of persistent messages forces its writes to the disk ({@code fsync}), which
 * decides what a crash can lose. A {@code kill -9} of the JVM loses nothing under any policy once
 * {@code send()} has returned (the bytes are in the operating system's page cache); the policies
 * differ when the <em>machine</em> stops (power loss, kernel panic).
 *
 * <ul>
 *   <li>{@link Mode#ALWAYS} (default): {@code send()} of a persistent message returns after its
 *       record is written and forced. Nothing acknowledged is lost. Concurrent sends share one
 *       force (group commit). With a <em>group commit delay</em> ({@code always:<delay>}), a
 *       batch that no thread waits on (asynchronous sends, workers' replies) and that began while
 *       the journal was busy may wait up to that delay for more records before it is written and
 *       forced: fewer forces per message (each costs CPU as well as time) for up to that much
 *       more latency on such batches. A synchronous send ends the wait at once.</li>
 *   <li>{@link Mode#BATCH_MS}: {@code send()} returns after the write; the journal is forced at
 *       most every {@link #interval()}. A machine crash can lose the sends of up to the last
 *       interval (plus the write in progress).</li>
 *   <li>{@link Mode#NEVER}: {@code send()} returns after the write; the operating system flushes
 *       when it likes (Linux: typically within 30 s). A machine crash can lose that much.</li>
 * </ul>
 *
 * <p>Immutable. Parsed from {@code always}, {@code always:<delay>} (a duration such as
 * {@code 300us}; digits alone are milliseconds), {@code never}, {@code batch_ms} (10 ms) or
 * {@code batch_ms:<millis>} by {@link #parse}.
 *
 * @param mode     the policy
 * @param interval for {@link Mode#BATCH_MS} the longest time between forces (positive, at most
 *                 10 s); for {@link Mode#ALWAYS} the group commit delay (0, the default, to
 *                 100 ms); {@link Duration#ZERO} for {@link Mode#NEVER}
 */
public record FsyncPolicy(Mode mode, Duration interval) {

    /** The policies. */
    public enum Mode {
        /** Force before a persistent send returns. */
        ALWAYS,
        /** Force at most every {@code interval}; sends return after the write. */
        BATCH_MS,
        /** Never force; the operating system decides. */
        NEVER
    }

    // Before the constants below: their construction checks against it.
    private static final Duration MAX_GROUP_COMMIT_DELAY = Duration.ofMillis(100);

    /** Force before every persistent send returns (the default). */
    public static final FsyncPolicy ALWAYS = new FsyncPolicy(Mode.ALWAYS, Duration.ZERO);
    /** Never force. */
    public static final FsyncPolicy NEVER = new FsyncPolicy(Mode.NEVER, Duration.ZERO);
    private static final Duration DEFAULT_BATCH = Duration.ofMillis(10);
    private static final Duration MAX_BATCH = Duration.ofSeconds(10);

    public FsyncPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        if (mode == Mode.BATCH_MS) {
            ConfigChecks.require(!interval.isNegative() && !interval.isZero() && interval.compareTo(MAX_BATCH) <= 0,
                    "fsyncPolicy", "a batch interval of 1 ms to 10 s", interval);
        } else if (mode == Mode.ALWAYS) {
            ConfigChecks.require(!interval.isNegative() && interval.compareTo(MAX_GROUP_COMMIT_DELAY) <= 0,
                    "fsyncPolicy", "a group commit delay of 0 to 100 ms", interval);
        } else {
            ConfigChecks.require(interval.isZero(), "fsyncPolicy", "without an interval for " + mode, interval);
        }
    }

    /** Force at most every {@code interval}. */
    public static FsyncPolicy batch(Duration interval) {
        return new FsyncPolicy(Mode.BATCH_MS, interval);
    }

    /**
     * Force before every persistent send returns; a batch that no thread waits on may wait up to
     * {@code groupCommitDelay} for more records (0 to 100 ms; 0 is {@link #ALWAYS}).
     */
    public static FsyncPolicy always(Duration groupCommitDelay) {
        return new FsyncPolicy(Mode.ALWAYS, groupCommitDelay);
    }

    /** For {@link Mode#ALWAYS}: how long a batch that nobody waits on may wait for more records; else zero. */
    public Duration groupCommitDelay() {
        return mode == Mode.ALWAYS ? interval : Duration.ZERO;
    }

    /**
     * Parses {@code always}, {@code always:<delay>}, {@code never}, {@code batch_ms} or
     * {@code batch_ms:<millis>} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the setting and the value
     */
    public static FsyncPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "always":
                return ALWAYS;
            case "never":
                return NEVER;
            case "batch_ms":
                return batch(DEFAULT_BATCH);
            default:
                if (t.startsWith("always:")) {
                    Duration delay;
                    try {
                        delay = SettingValues.duration(t.substring("always:".length()));
                    } catch (SettingValues.BadValue e) {
                        throw new IllegalArgumentException("fpm-jms setting 'fsyncPolicy' must be always:<delay> with "
                                + "a duration such as 300us or 1ms, was: " + text, e);
                    }
                    return always(delay);
                }
                if (t.startsWith("batch_ms:")) {
                    try {
                        return batch(Duration.ofMillis(Long.parseLong(t.substring("batch_ms:".length()))));
                    } catch (NumberFormatException e) {
                        // reported below with the whole value
                    }
                }
                throw new IllegalArgumentException("fpm-jms setting 'fsyncPolicy' must be always, "
                        + "always:<delay>, never, batch_ms or batch_ms:<millis>, was: " + text);
        }
    }

    @Override
    public String toString() {
        if (mode == Mode.BATCH_MS) {
            return "batch_ms:" + interval.toMillis();
        }
        if (mode == Mode.ALWAYS && !interval.isZero()) {
            return "always:" + SettingValues.formatDuration(interval);
        }
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
