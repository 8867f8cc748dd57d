package dev.fpmjms.config;

import java.time.Duration;

/**
 * How a route retries a message whose delivery to php-fpm failed.
 *
 * @param maxAttempts        deliveries to php-fpm before the message is dead-lettered (at least 1);
 *                           attempts that never reached PHP (connection refused) are not counted
 * @param initialBackoff     wait before the first retry
 * @param maxBackoff         cap on the wait between attempts
 * @param multiplier         growth of the wait per attempt (at least 1.0)
 * @param jitter             random spread of each wait, 0.0 to 1.0 (0.2 = plus or minus 20 %)
 * @param retryClientErrors  whether a {@code Status: 4xx} reply is retried (default: dead-lettered at once)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                          double multiplier, double jitter, boolean retryClientErrors) {

    /** 5 attempts, 100 ms doubling to 30 s, 20 % jitter, 4xx not retried. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, 0.2, false);

    public RetryPolicy {
        ConfigChecks.require(maxAttempts >= 1, "maxAttempts", "at least 1", maxAttempts);
        ConfigChecks.requireNonNegative(initialBackoff, "initialBackoff");
        ConfigChecks.requireNonNegative(maxBackoff, "maxBackoff");
        ConfigChecks.require(multiplier >= 1.0 && Double.isFinite(multiplier), "backoffMultiplier", "a finite number of at least 1.0", multiplier);
        ConfigChecks.require(jitter >= 0.0 && jitter <= 1.0, "backoffJitter", "0.0 to 1.0", jitter);
    }

    /**
     * The wait before attempt {@code attempt + 1}, without jitter.
     *
     * @param attempt the number of attempts made so far (1 after the first)
     */
    public Duration backoffAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }

    /**
     * The wait before attempt {@code attempt + 1} in milliseconds, with this policy's jitter
     * applied (a random spread of plus or minus {@code jitter} times the wait).
     *
     * @param attempt the number of attempts made so far (1 after the first)
     */
    public long jitteredBackoffMillis(int attempt) {
        long base = backoffAfter(attempt).toMillis();
        if (base <= 0 || jitter == 0) {
            return base;
        }
        double spread = jitter * base;
        return Math.max(0, Math.round(base + java.util.concurrent.ThreadLocalRandom.current().nextDouble(-spread, spread)));
    }
}
