package dev.fpmjms.config;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The keys {@code embeddedFpm.<option>} of {@link EmbeddedFpmSettings} (the php.ini and environment
 * maps have their own key forms, {@code embeddedFpm.phpIni.<name>} and {@code embeddedFpm.env.<NAME>}).
 * Stateless.
 */
enum EmbeddedSetting {
    MAX_CHILDREN("maxChildren", SettingValues.WHOLE + " from 1 to 1024",
            (s, v) -> new EmbeddedFpmSettings(SettingValues.wholeInt(v), s.requestTerminateTimeoutSeconds(), s.phpIni(),
                    s.binary(), s.env(), s.passEnv(), s.user(), s.catchWorkersOutput()),
            s -> Integer.toString(s.maxChildren())),
    REQUEST_TERMINATE_TIMEOUT("requestTerminateTimeout", "a whole number of seconds like 30s or 2m, 0 for none",
            (s, v) -> new EmbeddedFpmSettings(s.maxChildren(), SettingValues.wholeSeconds(v), s.phpIni(),
                    s.binary(), s.env(), s.passEnv(), s.user(), s.catchWorkersOutput()),
            s -> SettingValues.formatDuration(java.time.Duration.ofSeconds(s.requestTerminateTimeoutSeconds()))),
    BINARY("binary", "the path of the php-fpm binary",
            (s, v) -> new EmbeddedFpmSettings(s.maxChildren(), s.requestTerminateTimeoutSeconds(), s.phpIni(),
                    SettingValues.text(v), s.env(), s.passEnv(), s.user(), s.catchWorkersOutput()),
            EmbeddedFpmSettings::binary),
    PASS_ENV("passEnv", "a comma-separated list of environment variable names",
            (s, v) -> new EmbeddedFpmSettings(s.maxChildren(), s.requestTerminateTimeoutSeconds(), s.phpIni(),
                    s.binary(), s.env(), SettingValues.list(v), s.user(), s.catchWorkersOutput()),
            s -> SettingValues.formatList("embeddedFpm.passEnv", s.passEnv())),
    USER("user", "the user name PHP workers run as when the JVM runs as root",
            (s, v) -> new EmbeddedFpmSettings(s.maxChildren(), s.requestTerminateTimeoutSeconds(), s.phpIni(),
                    s.binary(), s.env(), s.passEnv(), SettingValues.text(v), s.catchWorkersOutput()),
            EmbeddedFpmSettings::user),
    CATCH_WORKERS_OUTPUT("catchWorkersOutput", "true or false",
            (s, v) -> s.withCatchWorkersOutput(SettingValues.bool(v)),
            s -> Boolean.toString(s.catchWorkersOutput()));

    static final String PREFIX = "embeddedFpm.";
    static final String PHP_INI = "phpIni";
    static final String ENV = "env";

    final String option;
    final String expected;
    private final BiFunction<EmbeddedFpmSettings, String, EmbeddedFpmSettings> reader;
    private final Function<EmbeddedFpmSettings, String> writer;

    EmbeddedSetting(String option, String expected, BiFunction<EmbeddedFpmSettings, String, EmbeddedFpmSettings> reader,
                    Function<EmbeddedFpmSettings, String> writer) {
        this.option = option;
        this.expected = expected;
        this.reader = reader;
        this.writer = writer;
    }

    String key() {
        return PREFIX + option;
    }

    EmbeddedFpmSettings read(EmbeddedFpmSettings s, String value) {
        return reader.apply(s, value);
    }

    String write(EmbeddedFpmSettings s) {
        return writer.apply(s);
    }

    static EmbeddedSetting byOption(String option) {
        for (EmbeddedSetting s : values()) {
            if (s.option.equals(option)) {
                return s;
            }
        }
        return null;
    }
}
