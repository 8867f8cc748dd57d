package dev.fpmjms.config;

import java.util.Map;

/**
 * Settings of the php-fpm that the provider starts itself (development, tests, demos).
 *
 * @param maxChildren           static pool size ({@code pm = static}, {@code pm.max_children})
 * @param requestTerminateTimeoutSeconds php-fpm's {@code request_terminate_timeout}, 0 for none
 * @param phpIni                extra {@code php_admin_value[...]} settings for the pool
 * @param binary                the php-fpm binary, or {@code null} to search PATH and /usr/sbin
 */
public record EmbeddedFpmSettings(int maxChildren, int requestTerminateTimeoutSeconds,
                                  Map<String, String> phpIni, String binary) {

    /** 4 children, no terminate timeout, no extra ini, binary found on PATH. */
    public static final EmbeddedFpmSettings DEFAULT = new EmbeddedFpmSettings(4, 0, Map.of(), null);

    public EmbeddedFpmSettings {
        ConfigChecks.require(maxChildren >= 1 && maxChildren <= 1024, "embeddedFpm.maxChildren", "1 to 1024", maxChildren);
        ConfigChecks.require(requestTerminateTimeoutSeconds >= 0, "embeddedFpm.requestTerminateTimeout", "0 or more seconds", requestTerminateTimeoutSeconds);
        phpIni = phpIni == null ? Map.of() : Map.copyOf(phpIni);
    }
}
