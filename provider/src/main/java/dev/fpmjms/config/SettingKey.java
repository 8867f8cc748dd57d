package dev.fpmjms.config;

import dev.fpmjms.wire.PercentEncoding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A parsed setting key. Keys are case-sensitive; their free segments (queue names, CGI param
 * names, php.ini names) are percent-decoded, so a dot that would be read as a separator is
 * written {@code %2E}. Two keys that set the same thing are equal.
 *
 * <pre>
 * key = global-key                                 name, deadLetterQueue, ...
 *     | "embeddedFpm" [ "." embedded-option ]      embeddedFpm.maxChildren, ...
 *     | "embeddedFpm.phpIni." ini-name             everything after "phpIni." is the name
 *     | "embeddedFpm.env." env-name                a variable the PHP workers see
 *     | "route." queue                             the route target ENDPOINTS|SCRIPT
 *     | "route." queue "." route-option            route.mail.maxInFlight, route.mail.retry.jitter
 *     | "route." queue ".param." cgi-name          the first ".param." ends the queue name
 *     | "subscription." topic "." name [ "." route-option | ".param." cgi-name ]
 *                                                  a subscription served by a route: the same
 *                                                  forms, the last segment before the option is
 *                                                  the subscription name, the rest the topic
 *     | "broker." client-option                    passed to the broker client as it is
 * </pre>
 *
 * @param kind     what the key sets
 * @param global   the top-level setting, for {@link Kind#GLOBAL}
 * @param embedded the embedded php-fpm option, for {@link Kind#EMBEDDED}
 * @param option   the route option, for {@link Kind#ROUTE_OPTION}
 * @param queue    the decoded queue name, for route keys ({@code *}: the default route)
 * @param name     the decoded CGI param, php.ini, environment variable or broker client option name
 * @param subscription whether a route key is a subscription's ({@code subscription.<topic>.<name>}:
 *                 {@code queue} is then {@link SubscriptionId#queueName()})
 */
record SettingKey(Kind kind, GlobalSetting global, EmbeddedSetting embedded, RouteOption option,
                  String queue, String name, boolean subscription) {

    enum Kind { GLOBAL, EMBEDDED_SWITCH, EMBEDDED, PHP_INI, PHP_ENV, ROUTE_TARGET, ROUTE_OPTION, ROUTE_PARAM, BROKER_OPTION }

    static final String EMBEDDED_KEY = "embeddedFpm";
    /** The prefix of pass-through broker client options. */
    static final String BROKER_PREFIX = "broker.";
    /** The prefix of subscriptions served by routes. */
    static final String SUBSCRIPTION_PREFIX = "subscription.";
    private static final String PARAM_INFIX = "." + RouteOption.PARAM + ".";
    private static final String PHP_INI_PREFIX = EmbeddedSetting.PREFIX + EmbeddedSetting.PHP_INI + ".";
    private static final String ENV_PREFIX = EmbeddedSetting.PREFIX + EmbeddedSetting.ENV + ".";

    static SettingKey global(GlobalSetting g) {
        return new SettingKey(Kind.GLOBAL, g, null, null, null, null, false);
    }

    static SettingKey routeOption(String queue, RouteOption o, boolean subscription) {
        return new SettingKey(Kind.ROUTE_OPTION, null, null, o, queue, null, subscription);
    }

    /** How route keys of this key's queue start: {@code route.<queue>} or {@code subscription.<topic>.<name>}. */
    String routePrefix() {
        if (!subscription) {
            return RouteOption.PREFIX + queue;
        }
        SubscriptionId id = SubscriptionId.ofQueueName(queue);
        return SUBSCRIPTION_PREFIX + id.topic() + "." + id.name();
    }

    /** What the route keys of this key's queue configure, for messages: {@code route 'q'} or {@code subscription 'n' of topic 't'}. */
    String routeLabel() {
        if (!subscription) {
            return "route '" + queue + "'";
        }
        SubscriptionId id = SubscriptionId.ofQueueName(queue);
        return "subscription '" + id.name() + "' of topic '" + id.topic() + "'";
    }

    /** Whether repeated values are joined into one comma list rather than rejected. */
    boolean isList() {
        return (kind == Kind.GLOBAL && global.isList()) || (kind == Kind.ROUTE_OPTION && option.isList());
    }

    /**
     * Parses a key.
     *
     * @throws IllegalArgumentException naming the key and the closest valid keys when it is unknown
     */
    static SettingKey parse(String key) {
        if (key.startsWith(RouteOption.PREFIX)) {
            return parseRoute(key, key.substring(RouteOption.PREFIX.length()), false);
        }
        if (key.startsWith(SUBSCRIPTION_PREFIX)) {
            return parseRoute(key, key.substring(SUBSCRIPTION_PREFIX.length()), true);
        }
        if (key.startsWith(BROKER_PREFIX) && key.length() > BROKER_PREFIX.length()) {
            return new SettingKey(Kind.BROKER_OPTION, null, null, null, null,
                    decode(key, key.substring(BROKER_PREFIX.length())), false);
        }
        if (key.equals(EMBEDDED_KEY)) {
            return new SettingKey(Kind.EMBEDDED_SWITCH, null, null, null, null, null, false);
        }
        if (key.startsWith(PHP_INI_PREFIX) && key.length() > PHP_INI_PREFIX.length()) {
            return new SettingKey(Kind.PHP_INI, null, null, null, null,
                    decode(key, key.substring(PHP_INI_PREFIX.length())), false);
        }
        if (key.startsWith(ENV_PREFIX) && key.length() > ENV_PREFIX.length()) {
            return new SettingKey(Kind.PHP_ENV, null, null, null, null,
                    decode(key, key.substring(ENV_PREFIX.length())), false);
        }
        if (key.startsWith(EmbeddedSetting.PREFIX)) {
            EmbeddedSetting e = EmbeddedSetting.byOption(key.substring(EmbeddedSetting.PREFIX.length()));
            if (e != null) {
                return new SettingKey(Kind.EMBEDDED, null, e, null, null, null, false);
            }
        }
        GlobalSetting g = GlobalSetting.byKey(key);
        if (g == null) {
            throw new IllegalArgumentException(unknownKeyMessage(key));
        }
        return global(g);
    }

    private static SettingKey parseRoute(String key, String rest, boolean sub) {
        int param = rest.indexOf(PARAM_INFIX);
        if (param > 0 && rest.length() > param + PARAM_INFIX.length()) {
            return new SettingKey(Kind.ROUTE_PARAM, null, null, null, queue(key, rest.substring(0, param), sub),
                    decode(key, rest.substring(param + PARAM_INFIX.length())), sub);
        }
        int last = rest.lastIndexOf('.');
        if (last > 0) {
            RouteOption o = RouteOption.byOption(rest.substring(last + 1));
            if (o != null && !o.option.contains(".")) {
                return routeOption(queue(key, rest.substring(0, last), sub), o, sub);
            }
            int previous = rest.lastIndexOf('.', last - 1);
            o = RouteOption.byOption(rest.substring(previous + 1));
            if (previous > 0 && o != null) {
                return routeOption(queue(key, rest.substring(0, previous), sub), o, sub);
            }
        }
        return new SettingKey(Kind.ROUTE_TARGET, null, null, null, queue(key, rest, sub), null, sub);
    }

    private static String queue(String key, String raw, boolean sub) {
        return sub ? subscriptionQueue(key, raw) : queue(key, raw);
    }

    /**
     * The worker queue name ({@code <topic>::<name>}) of {@code <topic>.<name>}: the last segment
     * is the subscription name, the rest the topic (a dot inside a subscription name is {@code %2E}).
     */
    private static String subscriptionQueue(String key, String raw) {
        int dot = raw.lastIndexOf('.');
        String topic = dot <= 0 ? "" : decode(key, raw.substring(0, dot));
        String name = dot < 0 ? "" : decode(key, raw.substring(dot + 1));
        if (topic.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("fpm-jms key '" + key + "' must name a topic and a subscription:"
                    + " subscription.<topic>.<name> or subscription.<topic>.<name>.<option>"
                    + " (e.g. subscription.order.created.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php;"
                    + " the last segment is the subscription name, write a dot in it as %2E)");
        }
        try {
            return new SubscriptionId(topic, name).queueName();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fpm-jms key '" + key + "': " + e.getMessage(), e);
        }
    }

    private static String queue(String key, String raw) {
        String q = decode(key, raw);
        if (q.isBlank()) {
            throw new IllegalArgumentException("fpm-jms key '" + key + "' has no queue name: expected route.<queue>"
                    + " or route.<queue>.<option> (route.* for the default route)");
        }
        return q;
    }

    private static String decode(String key, String segment) {
        try {
            return PercentEncoding.decodeUtf8(segment);
        } catch (IllegalArgumentException e) { // says what was expected
            throw new IllegalArgumentException("fpm-jms key '" + key + "' must use " + e.getMessage());
        }
    }

    /** The shape of every valid key, for error messages and suggestions. */
    static List<String> validKeys() {
        List<String> keys = new ArrayList<>();
        for (GlobalSetting g : GlobalSetting.values()) {
            keys.add(g.key);
        }
        keys.add(EMBEDDED_KEY);
        for (EmbeddedSetting e : EmbeddedSetting.values()) {
            keys.add(e.key());
        }
        keys.add(PHP_INI_PREFIX + "<name>");
        keys.add(ENV_PREFIX + "<NAME>");
        keys.add(RouteOption.PREFIX + "<queue>");
        for (RouteOption o : RouteOption.values()) {
            keys.add(RouteOption.PREFIX + "<queue>." + o.option);
        }
        keys.add(RouteOption.PREFIX + "<queue>" + PARAM_INFIX + "<NAME>");
        keys.add(SUBSCRIPTION_PREFIX + "<topic>.<name>");
        for (RouteOption o : RouteOption.values()) {
            keys.add(SUBSCRIPTION_PREFIX + "<topic>.<name>." + o.option);
        }
        keys.add(SUBSCRIPTION_PREFIX + "<topic>.<name>" + PARAM_INFIX + "<NAME>");
        keys.add(BROKER_PREFIX + "<option>");
        return keys;
    }

    static String unknownKeyMessage(String key) {
        List<String> close = closest(key, validKeys().stream().filter(k -> !k.startsWith(RouteOption.PREFIX)
                && !k.startsWith(SUBSCRIPTION_PREFIX)).toList());
        return "Unknown fpm-jms key '" + key + "'"
                + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                + " Valid keys: " + String.join(", ", validKeys());
    }

    /**
     * For a route target key whose value is not {@code ENDPOINTS|SCRIPT}: the option key the user
     * probably meant ({@code route.mail.maxInflight} is read as the target of queue
     * {@code mail.maxInflight}), or null.
     */
    String optionHint() {
        String path = subscription ? queue.replace(SubscriptionId.SEPARATOR, ".") : queue;
        int last = path.lastIndexOf('.');
        if (last <= 0) {
            return null;
        }
        List<String> options = new ArrayList<>();
        for (RouteOption o : RouteOption.values()) {
            options.add(o.option.substring(o.option.lastIndexOf('.') + 1));
        }
        options.add(RouteOption.PARAM);
        List<String> close = closest(path.substring(last + 1), options);
        if (close.isEmpty()) {
            return null;
        }
        String prefix = path.substring(0, last);
        if (prefix.endsWith(".retry")) {
            prefix = prefix.substring(0, prefix.length() - 6);
        }
        String option = close.get(0);
        RouteOption o = RouteOption.byOption("retry." + option);
        return (subscription ? SUBSCRIPTION_PREFIX : RouteOption.PREFIX) + prefix + "." + (o != null ? o.option : option);
    }

    /** Up to three candidates near {@code word}: by edit distance, ignoring case, or by containment. */
    static List<String> closest(String word, List<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .filter(c -> {
                    String lc = c.toLowerCase(Locale.ROOT);
                    return distance(w, lc) <= Math.max(2, w.length() / 4)
                            || (w.length() >= 4 && (lc.contains(w) || w.contains(lc)));
                })
                .sorted(Comparator.comparingInt(c -> distance(w, c.toLowerCase(Locale.ROOT))))
                .limit(3)
                .toList();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
