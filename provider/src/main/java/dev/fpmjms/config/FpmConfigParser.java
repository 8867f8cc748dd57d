package dev.fpmjms.config;

import dev.fpmjms.wire.PercentEncoding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads and writes {@link FpmConfig} as text: {@code fpm:} URIs, {@code Properties}, maps,
 * {@code key=value;key=value} strings and single key/value pairs. Every form uses the same keys;
 * {@code docs/configuration.md} lists them with their defaults.
 *
 * <p>URI grammar:
 * <pre>
 * fpm-uri  = "fpm:" [ "//" ] [ "embedded" ] [ "?" setting *( "&amp;" setting ) ]
 * setting  = key "=" value        ; value percent-decoded as UTF-8, "+" is a plain plus
 * route    = "route." queue "=" endpoint *( "," endpoint ) "|" script
 * fan-out  = "subscription." topic "." name "=" endpoint *( "," endpoint ) "|" script
 * </pre>
 * {@code fpm:embedded} starts from a default route ({@code route.*}) to the embedded php-fpm with
 * {@code builtin:echo}; the settings then apply on top. Examples:
 * {@code fpm:embedded?embeddedFpm.maxChildren=4},
 * {@code fpm://?route.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php&route.mail.maxInFlight=8}.
 *
 * <p>Failures: an unknown key is an {@link IllegalArgumentException} naming the key and the
 * closest valid keys; a bad value names the key, the value and what was expected. Nothing is
 * silently replaced or dropped. Stateless and thread-safe; builders passed in are not.
 */
public final class FpmConfigParser {
    /** The URI scheme. */
    public static final String SCHEME = "fpm";
    /** The optional prefix of keys in {@code Properties}, JNDI environments and references. */
    public static final String PREFIX = "fpmjms.";

    private static final String EMBEDDED_PRESET = "embedded";

    private FpmConfigParser() {
    }

    /** A configuration from a URI, starting from the builder defaults. */
    public static FpmConfig parseUri(String uri) {
        FpmConfig.Builder b = FpmConfig.builder();
        applyUri(b, uri);
        return b.build();
    }

    /** Applies a URI's preset and settings on top of {@code builder}. */
    public static void applyUri(FpmConfig.Builder builder, String uri) {
        Objects.requireNonNull(uri, "uri");
        int colon = uri.indexOf(':');
        if (colon < 0 || !uri.substring(0, colon).equalsIgnoreCase(SCHEME)) {
            throw new IllegalArgumentException("fpm-jms URI must start with 'fpm:' (fpm:embedded, fpm://?route.mail=...), was: '" + uri + "'");
        }
        if (uri.indexOf('#') >= 0) {
            throw new IllegalArgumentException("fpm-jms URI must not have a '#' fragment (write # in values as %23), was: '" + uri + "'");
        }
        String rest = uri.substring(colon + 1);
        int q = rest.indexOf('?');
        String head = q < 0 ? rest : rest.substring(0, q);
        head = head.startsWith("//") ? head.substring(2) : head;
        head = head.endsWith("/") ? head.substring(0, head.length() - 1) : head;
        if (!head.isEmpty() && !head.equals(EMBEDDED_PRESET)) {
            throw new IllegalArgumentException("fpm-jms URI must be fpm:?..., fpm://?... or fpm:embedded?..., found '"
                    + head + "' before the '?' in: '" + uri + "'");
        }
        SettingBatch batch = new SettingBatch(false);
        for (String part : q < 0 ? new String[0] : rest.substring(q + 1).split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fpm-jms URI setting '" + part + "' must be key=value, in: '" + uri + "'");
            }
            String key = part.substring(0, eq);
            batch.add(key, decodeValue(key, part.substring(eq + 1)));
        }
        if (head.equals(EMBEDDED_PRESET)) {
            builder.route(FpmRoute.builder(FpmRoute.ANY_QUEUE).endpoint(FpmRoute.EMBEDDED).script("builtin:echo").build());
            if (builder.configuredEmbeddedFpm() == null) {
                builder.embeddedFpm(EmbeddedFpmSettings.DEFAULT);
            }
        }
        batch.applyTo(builder);
    }

    /**
     * The canonical URI of a configuration: {@code fpm://?} followed by the routes, then every
     * setting that differs from its default. {@code parseUri(toUri(c)).equals(c)}.
     *
     * @throws IllegalArgumentException if a list entry (endpoint, queue, package) holds a comma
     *                                  or surrounding spaces and so has no URI form
     */
    public static String toUri(FpmConfig config) {
        return UriWriter.write(config);
    }

    /** A configuration from properties whose keys are all settings, each bare or under {@value #PREFIX}. */
    public static FpmConfig fromProperties(Properties props) {
        return fromMap(sorted(props, ""));
    }

    /**
     * A configuration from the properties whose keys start with {@code prefix} (stripped); other
     * keys are ignored, so the properties may hold unrelated entries.
     */
    public static FpmConfig fromProperties(Properties props, String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        FpmConfig.Builder b = FpmConfig.builder();
        SettingBatch batch = new SettingBatch(true);
        sorted(props, prefix).forEach(batch::add);
        batch.applyTo(b);
        return b.build();
    }

    /** A configuration from a map whose keys are all settings, each bare or under {@value #PREFIX}. */
    public static FpmConfig fromMap(Map<String, String> settings) {
        FpmConfig.Builder b = FpmConfig.builder();
        applyAll(b, settings);
        return b.build();
    }

    /**
     * Applies settings (keys bare or under {@value #PREFIX}; an optional {@code uri} entry is
     * applied first) on top of {@code builder}, as one unit.
     */
    public static void applyAll(FpmConfig.Builder builder, Map<String, String> settings) {
        SettingBatch batch = new SettingBatch(true);
        settings.forEach((k, v) -> batch.add(k.startsWith(PREFIX) ? k.substring(PREFIX.length()) : k, v));
        batch.applyTo(builder);
    }

    /**
     * Applies a settings string {@code key=value;key=value} (entries also separated by line
     * breaks; entries, keys and values trimmed; values percent-decoded as in URIs), as the
     * JavaBean setter {@code setProperties(String)} does.
     */
    public static void applySettings(FpmConfig.Builder builder, String settings) {
        SettingBatch batch = new SettingBatch(true);
        for (String part : settings.split("[;\\r\\n]")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0 || part.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("fpm-jms setting '" + part.strip() + "' must be key=value (entries separated by ';')");
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            batch.add(key, key.equals(SettingBatch.URI_KEY) ? value : decodeValue(key, value));
        }
        batch.applyTo(builder);
    }

    /**
     * Applies one setting to {@code builder}, replacing the value it had. A route option for a
     * queue the builder has no route for starts from {@link FpmRoute#builder}'s defaults.
     */
    public static void apply(FpmConfig.Builder builder, String key, String value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            throw new IllegalArgumentException("fpm-jms key '" + key + "' has no value");
        }
        SettingKey k = SettingKey.parse(key);
        if (k.kind() == SettingKey.Kind.ROUTE_TARGET) {
            String[] target = splitTarget(k, key, value);
            applyParsed(builder, SettingKey.routeOption(k.queue(), RouteOption.ENDPOINTS, k.subscription()), key, target[0], value);
            applyParsed(builder, SettingKey.routeOption(k.queue(), RouteOption.SCRIPT, k.subscription()), key, target[1], value);
        } else {
            applyParsed(builder, k, key, value, value);
        }
    }

    /** The shape of every valid key ({@code route.<queue>.maxInFlight}, ...). */
    public static List<String> keys() {
        return SettingKey.validKeys();
    }

    static String[] splitTarget(SettingKey k, String key, String value) {
        int bar = value.indexOf('|');
        String problem = bar < 0 || value.substring(bar + 1).isBlank() ? ": the script is missing"
                : bar != value.lastIndexOf('|') ? ": more than one '|'"
                : value.substring(0, bar).isBlank() ? ": the endpoints are missing" : null;
        if (problem != null) {
            String hint = k.optionHint();
            throw new IllegalArgumentException("fpm-jms key '" + key + "' must be ENDPOINTS|SCRIPT"
                    + " (e.g. unix:/run/php/php8.2-fpm.sock|/srv/app/worker.php), was: '" + value + "'" + problem
                    + (hint == null ? "" : "; did you mean the option " + hint + "?"));
        }
        return new String[] {value.substring(0, bar), value.substring(bar + 1)};
    }

    /** Applies one parsed setting; {@code shown} is the value as given, for messages. */
    static void applyParsed(FpmConfig.Builder b, SettingKey k, String key, String value, String shown) {
        try {
            switch (k.kind()) {
                case GLOBAL -> k.global().read(b, value);
                case EMBEDDED_SWITCH -> switchEmbedded(b, SettingValues.bool(value));
                case EMBEDDED -> b.embeddedFpm(k.embedded().read(embedded(b), value));
                case PHP_INI -> {
                    EmbeddedFpmSettings s = embedded(b);
                    Map<String, String> ini = new LinkedHashMap<>(s.phpIni());
                    ini.put(k.name(), value);
                    b.embeddedFpm(s.withPhpIni(ini));
                }
                case PHP_ENV -> {
                    EmbeddedFpmSettings s = embedded(b);
                    Map<String, String> env = new LinkedHashMap<>(s.env());
                    env.put(k.name(), value);
                    b.embeddedFpm(s.withEnv(env));
                }
                case ROUTE_OPTION -> setRoute(b, k.option().read(route(b, k), value), k.subscription());
                case ROUTE_PARAM -> setRoute(b, route(b, k).toBuilder().param(k.name(), value).build(), k.subscription());
                case BROKER_OPTION -> b.brokerOption(k.name(), value);
                case ROUTE_TARGET -> throw new IllegalStateException("route targets are split before: " + key);
            }
        } catch (SettingValues.BadValue e) {
            throw new IllegalArgumentException("fpm-jms key '" + key + "' must be " + e.expected + ", was: '" + shown + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fpm-jms key '" + key + "' = '" + shown + "' rejected: " + e.getMessage(), e);
        }
    }

    private static void switchEmbedded(FpmConfig.Builder b, boolean on) {
        if (on && b.configuredEmbeddedFpm() == null) {
            b.embeddedFpm(EmbeddedFpmSettings.DEFAULT);
        } else if (!on) {
            if (b.usesEmbeddedFpm()) {
                throw new IllegalArgumentException("a route uses the endpoint 'embedded'");
            }
            b.embeddedFpm(null);
        }
    }

    private static EmbeddedFpmSettings embedded(FpmConfig.Builder b) {
        EmbeddedFpmSettings s = b.configuredEmbeddedFpm();
        return s != null ? s : EmbeddedFpmSettings.DEFAULT;
    }

    private static FpmRoute route(FpmConfig.Builder b, SettingKey k) {
        FpmRoute r = b.configuredRoute(k.queue(), k.subscription());
        return r != null ? r : FpmRoute.builder(k.queue()).build();
    }

    /**
     * Sets a route (a subscription's with {@code subscription}); a route to the embedded php-fpm
     * switches it on with its defaults if it is off.
     */
    private static void setRoute(FpmConfig.Builder b, FpmRoute r, boolean subscription) {
        if (subscription) {
            b.subscription(r);
        } else {
            b.route(r);
        }
        if (r.endpoints().contains(FpmRoute.EMBEDDED) && b.configuredEmbeddedFpm() == null) {
            b.embeddedFpm(EmbeddedFpmSettings.DEFAULT);
        }
    }

    private static String decodeValue(String key, String raw) {
        try {
            return PercentEncoding.decodeUtf8(raw);
        } catch (IllegalArgumentException e) { // says what was expected
            throw new IllegalArgumentException("fpm-jms key '" + key + "' must use " + e.getMessage() + ", was: '" + raw + "'");
        }
    }

    private static Map<String, String> sorted(Properties props, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), props.getProperty(name));
            }
        }
        return out;
    }
}
