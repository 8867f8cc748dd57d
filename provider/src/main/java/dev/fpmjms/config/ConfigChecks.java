package dev.fpmjms.config;

import java.time.Duration;

/** Validation helpers: every failure names the setting, what was expected and what was given. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void require(boolean ok, String setting, String expected, Object actual) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "fpm-jms setting '" + setting + "' must be " + expected + ", was: " + actual);
        }
    }

    static void requireNonNegative(Duration d, String setting) {
        require(d != null && !d.isNegative(), setting, "a duration of zero or more", d);
    }

    static void requirePositive(Duration d, String setting) {
        require(d != null && !d.isNegative() && !d.isZero(), setting, "a positive duration", d);
    }
}
