package dev.fpmjms.transport;

import java.time.Duration;

/**
 * Settings of one {@link FcgiClient}. Immutable; validated when built (a bad value fails with an
 * {@link IllegalArgumentException} naming the setting).
 *
 * @param connectTimeout     how long a connect may take; past it the request is
 *                           {@link FcgiTransportException.Failure#NOT_DELIVERED}
 * @param readTimeout        how long writing the request may take, and then how long the complete
 *                           reply may take once the request is written
 * @param keepAlive          ask php-fpm to keep connections open (FCGI_KEEP_CONN) and reuse them
 *                           one request at a time; each kept connection pins a php-fpm child
 * @param maxInFlight        the ceiling of requests (and {@code getValues} pings) in progress at
 *                           once; the client runs fewer while the pool is saturated. Keep it at or
 *                           below the pool's {@code pm.max_children}
 * @param maxStdoutBytes     the largest STDOUT accepted; a larger reply is
 *                           {@link FcgiTransportException.Failure#REPLY_TOO_LARGE}
 * @param maxStderrBytes     STDERR kept per reply; the rest is counted, dropped and flagged as
 *                           truncated; STDERR past the larger of the two limits in all is
 *                           {@link FcgiTransportException.Failure#REPLY_TOO_LARGE}
 * @param maxIdleConnections kept connections held open while unused, 0 to {@code maxInFlight}
 * @param idleLinger         how long a kept connection stays open unused before it is closed and its
 *                           child goes back to the pool; zero closes it as soon as no request waits
 * @param saturationWait     how long the client's probe may wait for a php-fpm child, after the
 *                           client gave one back, before the pool counts as saturated and the
 *                           in-flight limit is lowered; zero turns the sharing rules off
 *                           ({@code maxInFlight} constant, backlog time counted in the read timeout).
 *                           See {@link FcgiPoolShare}
 * @param pipeline           while every request slot is busy, write the next waiting request behind
 *                           one in progress on a kept connection (at most one behind each), so the
 *                           php-fpm child finds it when it ends the one in front. The request behind
 *                           waits for the one in front even if another child frees (head-of-line);
 *                           its read timeout starts when the one in front ends; it fails as
 *                           {@link FcgiTransportException.Failure#NOT_DELIVERED} when the one in
 *                           front fails, and is resent when php-fpm closes the connection without
 *                           running it ({@code pm.max_requests}). Needs {@code keepAlive}
 */
public record FcgiClientSettings(Duration connectTimeout, Duration readTimeout, boolean keepAlive,
                                 int maxInFlight, int maxStdoutBytes, int maxStderrBytes,
                                 int maxIdleConnections, Duration idleLinger, Duration saturationWait,
                                 boolean pipeline) {

    /** The default {@code idleLinger}: longer than the gaps of a steady load, short next to a person's wait. */
    public static final Duration DEFAULT_IDLE_LINGER = Duration.ofMillis(20);
    /**
     * The default {@code saturationWait}: a probe is answered within a millisecond when a child is
     * free, but a machine loaded far past its cores delays the child's wake-up by tens of
     * milliseconds, which must not read as a saturated pool.
     */
    public static final Duration DEFAULT_SATURATION_WAIT = Duration.ofMillis(100);
    /** The default {@code pipeline}. */
    public static final boolean DEFAULT_PIPELINE = true;

    public FcgiClientSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        require(maxInFlight >= 1, "maxInFlight", "at least 1", maxInFlight);
        require(maxStdoutBytes >= 0, "maxStdoutBytes", "0 or more", maxStdoutBytes);
        require(maxStderrBytes >= 0, "maxStderrBytes", "0 or more", maxStderrBytes);
        require(maxIdleConnections >= 0 && maxIdleConnections <= maxInFlight,
                "maxIdleConnections", "0 to maxInFlight (" + maxInFlight + ")", maxIdleConnections);
        require(idleLinger != null && !idleLinger.isNegative(), "idleLinger", "zero or a positive duration", idleLinger);
        require(saturationWait != null && !saturationWait.isNegative(), "saturationWait", "zero or a positive duration",
                saturationWait);
    }

    /**
     * A builder with defaults: 5 s connect, 30 s read, keep-alive, 4 in flight, 16 MiB stdout, 64 KiB
     * stderr, {@link #DEFAULT_IDLE_LINGER}, {@link #DEFAULT_SATURATION_WAIT}, {@link #DEFAULT_PIPELINE}.
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(Duration d, String name) {
        require(d != null && !d.isNegative() && !d.isZero(), name, "a positive duration", d);
    }

    private static void require(boolean ok, String name, String expected, Object actual) {
        if (!ok) {
            throw new IllegalArgumentException("FastCGI client setting '" + name + "' must be " + expected + ", was: " + actual);
        }
    }

    /** Mutable builder; not thread-safe. {@code maxIdleConnections} defaults to {@code maxInFlight}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private boolean keepAlive = true;
        private int maxInFlight = 4;
        private int maxStdoutBytes = 16 * 1024 * 1024;
        private int maxStderrBytes = 64 * 1024;
        private Integer maxIdleConnections;
        private Duration idleLinger = DEFAULT_IDLE_LINGER;
        private Duration saturationWait = DEFAULT_SATURATION_WAIT;
        private boolean pipeline = DEFAULT_PIPELINE;

        private Builder() {
        }

        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }
        public Builder keepAlive(boolean v) { keepAlive = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder maxStdoutBytes(int v) { maxStdoutBytes = v; return this; }
        public Builder maxStderrBytes(int v) { maxStderrBytes = v; return this; }
        public Builder maxIdleConnections(int v) { maxIdleConnections = v; return this; }
        public Builder idleLinger(Duration v) { idleLinger = v; return this; }
        public Builder saturationWait(Duration v) { saturationWait = v; return this; }
        public Builder pipeline(boolean v) { pipeline = v; return this; }

        public FcgiClientSettings build() {
            return new FcgiClientSettings(connectTimeout, readTimeout, keepAlive, maxInFlight, maxStdoutBytes,
                    maxStderrBytes, maxIdleConnections == null ? maxInFlight : maxIdleConnections, idleLinger,
                    saturationWait, pipeline);
        }
    }
}
