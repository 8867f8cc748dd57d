package dev.fpmjms.config;

import dev.fpmjms.wire.PercentEncoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the canonical URI of a configuration: routes first, then every setting that differs
 * from its default, values percent-encoded. Read back by {@link FpmConfigParser#parseUri}.
 */
final class UriWriter {
    /** Characters left unescaped in values besides letters, digits and {@code -_~}. */
    private static final String VALUE_SAFE = "/:,|*@!$'().";
    /** Characters left unescaped in free key segments (queue, param and php.ini names). */
    private static final String NAME_SAFE = "/:,*@!$'()";

    private UriWriter() {
    }

    static String write(FpmConfig c) {
        List<String> parts = new ArrayList<>();
        for (FpmRoute r : c.routes().values()) {
            route(parts, RouteOption.PREFIX + queueSegment(r.queue()), r);
        }
        if (c.defaultRoute() != null) {
            route(parts, RouteOption.PREFIX + queueSegment(c.defaultRoute().queue()), c.defaultRoute());
        }
        for (FpmRoute r : c.subscriptions().values()) {
            route(parts, subscriptionPrefix(SubscriptionId.ofQueueName(r.queue())), r);
        }
        FpmConfig defaults = FpmConfig.builder().build();
        for (GlobalSetting g : GlobalSetting.values()) {
            addIfChanged(parts, g.key, g.write(c), g.write(defaults));
        }
        if (c.broker() != null) {
            for (Map.Entry<String, String> o : c.broker().options().entrySet()) {
                add(parts, SettingKey.BROKER_PREFIX + PercentEncoding.encode(o.getKey(), NAME_SAFE + "."), o.getValue());
            }
        }
        EmbeddedFpmSettings e = c.embeddedFpm();
        if (e != null) {
            int before = parts.size();
            for (EmbeddedSetting s : EmbeddedSetting.values()) {
                addIfChanged(parts, s.key(), s.write(e), s.write(EmbeddedFpmSettings.DEFAULT));
            }
            for (Map.Entry<String, String> ini : new TreeMap<>(e.phpIni()).entrySet()) {
                add(parts, EmbeddedSetting.PREFIX + EmbeddedSetting.PHP_INI + "."
                        + PercentEncoding.encode(ini.getKey(), NAME_SAFE + "."), ini.getValue());
            }
            for (Map.Entry<String, String> env : new TreeMap<>(e.env()).entrySet()) {
                add(parts, EmbeddedSetting.PREFIX + EmbeddedSetting.ENV + "."
                        + PercentEncoding.encode(env.getKey(), NAME_SAFE + "."), env.getValue());
            }
            if (parts.size() == before && !usesEmbedded(c)) {
                add(parts, SettingKey.EMBEDDED_KEY, "true");
            }
        }
        return FpmConfigParser.SCHEME + "://" + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
    }

    private static void route(List<String> parts, String prefix, FpmRoute r) {
        String endpoints = RouteOption.ENDPOINTS.write(r);
        if (endpoints.contains("|") || r.script().contains("|")) {
            add(parts, prefix + "." + RouteOption.ENDPOINTS.option, endpoints);
            add(parts, prefix + "." + RouteOption.SCRIPT.option, r.script());
        } else {
            add(parts, prefix, endpoints + "|" + r.script());
        }
        FpmRoute defaults = FpmRoute.builder(r.queue()).build();
        for (RouteOption o : RouteOption.values()) {
            if (o != RouteOption.ENDPOINTS && o != RouteOption.SCRIPT) {
                addIfChanged(parts, prefix + "." + o.option, o.write(r), o.write(defaults));
            }
        }
        for (Map.Entry<String, String> p : new TreeMap<>(r.params()).entrySet()) {
            add(parts, prefix + "." + RouteOption.PARAM + "." + PercentEncoding.encode(p.getKey(), NAME_SAFE + "."),
                    p.getValue());
        }
    }

    /** The queue name as a key segment; dots are escaped only where they would be read as separators. */
    static String queueSegment(String queue) {
        String raw = PercentEncoding.encode(queue, NAME_SAFE + ".");
        if (readsBack(raw, queue)) {
            return raw;
        }
        String escaped = PercentEncoding.encode(queue, NAME_SAFE);
        if (!readsBack(escaped, queue)) {
            throw new IllegalStateException("queue name has no key form: " + queue);
        }
        return escaped;
    }

    /**
     * {@code subscription.<topic>.<name>}: the name with its dots escaped (its last segment ends
     * the topic), the topic's dots escaped only where they would be read as separators.
     */
    static String subscriptionPrefix(SubscriptionId id) {
        String name = PercentEncoding.encode(id.name(), NAME_SAFE);
        for (String topic : List.of(PercentEncoding.encode(id.topic(), NAME_SAFE + "."), PercentEncoding.encode(id.topic(), NAME_SAFE))) {
            String prefix = SettingKey.SUBSCRIPTION_PREFIX + topic + "." + name;
            if (readsBack(prefix, id.queueName(), true)) {
                return prefix;
            }
        }
        throw new IllegalStateException("subscription has no key form: " + id);
    }

    private static boolean readsBack(String segment, String queue) {
        return readsBack(RouteOption.PREFIX + segment, queue, false);
    }

    private static boolean readsBack(String p, String queue, boolean subscription) {
        SettingKey target = SettingKey.parse(p);
        SettingKey option = SettingKey.parse(p + "." + RouteOption.RETRY_MAX_ATTEMPTS.option);
        SettingKey simple = SettingKey.parse(p + "." + RouteOption.SCRIPT.option);
        SettingKey param = SettingKey.parse(p + "." + RouteOption.PARAM + ".X");
        return target.subscription() == subscription
                && target.kind() == SettingKey.Kind.ROUTE_TARGET && queue.equals(target.queue())
                && queue.equals(option.queue()) && option.option() == RouteOption.RETRY_MAX_ATTEMPTS
                && queue.equals(simple.queue()) && simple.option() == RouteOption.SCRIPT
                && queue.equals(param.queue()) && "X".equals(param.name());
    }

    private static boolean usesEmbedded(FpmConfig c) {
        return c.routes().values().stream().anyMatch(r -> r.endpoints().contains(FpmRoute.EMBEDDED))
                || c.subscriptions().values().stream().anyMatch(r -> r.endpoints().contains(FpmRoute.EMBEDDED))
                || (c.defaultRoute() != null && c.defaultRoute().endpoints().contains(FpmRoute.EMBEDDED));
    }

    private static void addIfChanged(List<String> parts, String key, String value, String defaultValue) {
        if (value != null && !value.equals(defaultValue)) {
            add(parts, key, value);
        }
    }

    private static void add(List<String> parts, String key, String value) {
        parts.add(key + "=" + PercentEncoding.encode(value, VALUE_SAFE));
    }
}
