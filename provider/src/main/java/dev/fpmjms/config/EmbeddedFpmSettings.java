package dev.fpmjms.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the php-fpm that the provider starts itself (development, tests, demos).
 *
 * <p>PHP workers see no environment variable of the JVM ({@code clear_env = yes}) except those
 * named here: {@code env} gives a variable a value, {@code passEnv} passes the JVM's own value on.
 * Values reach php-fpm through its process environment, never through its configuration files.
 *
 * @param maxChildren           static pool size ({@code pm = static}, {@code pm.max_children})
 * @param requestTerminateTimeoutSeconds php-fpm's {@code request_terminate_timeout}, 0 for none
 * @param phpIni                extra {@code php_admin_value[...]} settings for the pool
 * @param binary                the php-fpm binary, or {@code null} to search PATH and /usr/sbin
 * @param env                   environment variables the workers see, name to value
 * @param passEnv               names of the JVM's environment variables the workers see (an unset one is left out)
 * @param user                  the user the workers run as when the JVM runs as root ({@code null}:
 *                              {@value #DEFAULT_ROOT_WORKER_USER}); otherwise workers run as the JVM's user
 * @param catchWorkersOutput    php-fpm's {@code catch_workers_output}: whether what workers write to
 *                              {@code php://stdout} and {@code php://stderr} reaches php-fpm's log
 *                              (else it is dropped); catching costs a wake-up of the php-fpm master
 *                              per request
 */
public record EmbeddedFpmSettings(int maxChildren, int requestTerminateTimeoutSeconds,
                                  Map<String, String> phpIni, String binary,
                                  Map<String, String> env, List<String> passEnv, String user,
                                  boolean catchWorkersOutput) {

    /** The user workers run as when the JVM runs as root and no {@code embeddedFpm.user} is set. */
    public static final String DEFAULT_ROOT_WORKER_USER = "nobody";

    /** 4 children, no terminate timeout, no extra ini, binary found on PATH, no environment passed. */
    public static final EmbeddedFpmSettings DEFAULT = new EmbeddedFpmSettings(4, 0, Map.of(), null);

    /** The php.ini setting of the script OPcache preloads (a start-up setting: on php-fpm's command line). */
    public static final String PRELOAD_INI = "opcache.preload";
    /**
     * The {@value #PRELOAD_INI} value that preloads the shipped {@code fpmjms.php} (its path is
     * known only once php-fpm starts); the default.
     */
    public static final String PRELOAD_SHIPPED_HELPER = "builtin:fpmjms.php";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*[$]?");

    public EmbeddedFpmSettings {
        ConfigChecks.require(maxChildren >= 1 && maxChildren <= 1024, "embeddedFpm.maxChildren", "1 to 1024", maxChildren);
        ConfigChecks.require(requestTerminateTimeoutSeconds >= 0, "embeddedFpm.requestTerminateTimeout", "0 or more seconds", requestTerminateTimeoutSeconds);
        phpIni = phpIni == null ? Map.of() : Map.copyOf(phpIni);
        String preload = phpIni.getOrDefault(PRELOAD_INI, "");
        ConfigChecks.require(!preload.startsWith("builtin:") || preload.equals(PRELOAD_SHIPPED_HELPER),
                "embeddedFpm.phpIni." + PRELOAD_INI, "an absolute path, " + PRELOAD_SHIPPED_HELPER + " or empty", preload);
        env = env == null ? Map.of() : Map.copyOf(env);
        passEnv = passEnv == null ? List.of() : List.copyOf(passEnv);
        env.forEach((name, value) -> {
            ConfigChecks.require(ENV_NAME.matcher(name).matches(), "embeddedFpm.env." + name,
                    "named like an environment variable (" + ENV_NAME + ")", name);
            ConfigChecks.require(value.indexOf('\0') < 0, "embeddedFpm.env." + name, "a value without NUL characters", "(hidden)");
        });
        for (String name : passEnv) {
            ConfigChecks.require(ENV_NAME.matcher(name).matches(), "embeddedFpm.passEnv",
                    "a list of environment variable names (" + ENV_NAME + ")", name);
            ConfigChecks.require(!env.containsKey(name), "embeddedFpm.passEnv",
                    "names not also given a value by embeddedFpm.env." + name, name);
        }
        ConfigChecks.require(user == null || USER_NAME.matcher(user).matches(), "embeddedFpm.user",
                "a user name (" + USER_NAME + ")", user);
    }

    /** Settings with no environment passed, the default worker user, worker output caught. */
    public EmbeddedFpmSettings(int maxChildren, int requestTerminateTimeoutSeconds, Map<String, String> phpIni, String binary) {
        this(maxChildren, requestTerminateTimeoutSeconds, phpIni, binary, Map.of(), List.of(), null);
    }

    /** These settings with worker output caught (the default). */
    public EmbeddedFpmSettings(int maxChildren, int requestTerminateTimeoutSeconds, Map<String, String> phpIni,
                               String binary, Map<String, String> env, List<String> passEnv, String user) {
        this(maxChildren, requestTerminateTimeoutSeconds, phpIni, binary, env, passEnv, user, true);
    }

    /** These settings with another php.ini map. */
    public EmbeddedFpmSettings withPhpIni(Map<String, String> newPhpIni) {
        return new EmbeddedFpmSettings(maxChildren, requestTerminateTimeoutSeconds, newPhpIni, binary, env, passEnv, user,
                catchWorkersOutput);
    }

    /** These settings with another environment map ({@code embeddedFpm.env.<NAME>}). */
    public EmbeddedFpmSettings withEnv(Map<String, String> newEnv) {
        return new EmbeddedFpmSettings(maxChildren, requestTerminateTimeoutSeconds, phpIni, binary, newEnv, passEnv, user,
                catchWorkersOutput);
    }

    /** These settings with {@code catch_workers_output} on or off. */
    public EmbeddedFpmSettings withCatchWorkersOutput(boolean catchOutput) {
        return new EmbeddedFpmSettings(maxChildren, requestTerminateTimeoutSeconds, phpIni, binary, env, passEnv, user,
                catchOutput);
    }

    /** The worker user when the JVM runs as root: {@link #user()} or {@value #DEFAULT_ROOT_WORKER_USER}. */
    public String rootWorkerUser() {
        return user == null ? DEFAULT_ROOT_WORKER_USER : user;
    }

    /** Values of secrets stay out of logs and exceptions: {@code env} is shown by name only. */
    @Override
    public String toString() {
        return "EmbeddedFpmSettings[maxChildren=" + maxChildren + ", requestTerminateTimeoutSeconds="
                + requestTerminateTimeoutSeconds + ", phpIni=" + phpIni + ", binary=" + binary
                + ", env=" + new java.util.TreeSet<>(env.keySet()) + ", passEnv=" + passEnv + ", user=" + user
                + ", catchWorkersOutput=" + catchWorkersOutput + "]";
    }
}
