package dev.fpmjms.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The broker mode of a configuration: the queues live in an external message broker (ActiveMQ
 * Artemis, module {@code fpm-jms-artemis}) instead of this JVM. Immutable; validated when built.
 *
 * <p>Keys: {@code broker=tcp://a1:61616,tcp://a2:61616} gives the URLs (tried in order, several
 * for a cluster or a live/backup pair); {@code broker.<option>=<value>} passes an option to the
 * broker client unchanged (credentials, TLS, HA: {@code broker.user}, {@code broker.sslEnabled},
 * {@code broker.ha}, ...); {@code brokerDispatch=false} makes a process that knows the routes only
 * declare their queues, not consume them (an application instance next to separate dispatchers).
 *
 * @param urls     one or more broker URLs {@code scheme://host:port}; never empty
 * @param options  client options passed through, by name (sorted)
 * @param dispatch whether this process dispatches the routes it is configured with
 */
public record BrokerSettings(List<String> urls, Map<String, String> options, boolean dispatch) {

    public BrokerSettings {
        ConfigChecks.require(urls != null && !urls.isEmpty(), "broker", "at least one broker URL", urls);
        urls = List.copyOf(urls);
        for (String url : urls) {
            ConfigChecks.require(isValidUrl(url), "broker", "URLs of the form scheme://host:port (tcp://a1:61616)"
                    + " without options (give options as broker.<option>)", url);
        }
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        for (Map.Entry<String, String> o : options.entrySet()) {
            ConfigChecks.require(isValidOptionName(o.getKey()), "broker.<option>",
                    "an option name of letters, digits, '.', '-' or '_'", o.getKey());
            ConfigChecks.require(o.getValue() != null, "broker." + o.getKey(), "a value", null);
        }
    }

    /** Settings with one or more URLs, no options, dispatching on. */
    public static BrokerSettings of(String... urls) {
        return new BrokerSettings(List.of(urls), Map.of(), true);
    }

    /** A copy with one more pass-through option. */
    public BrokerSettings withOption(String name, String value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(name, value);
        return new BrokerSettings(urls, o, dispatch);
    }

    /** A copy with dispatching switched on or off. */
    public BrokerSettings withDispatch(boolean on) {
        return new BrokerSettings(urls, options, on);
    }

    static boolean isValidUrl(String url) {
        if (url == null) {
            return false;
        }
        int sep = url.indexOf("://");
        return sep > 0 && url.length() > sep + 3 && url.indexOf('?') < 0 && url.indexOf(',') < 0
                && url.substring(0, sep).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-')
                && url.chars().noneMatch(Character::isWhitespace);
    }

    static boolean isValidOptionName(String name) {
        return name != null && !name.isEmpty()
                && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
    }
}
