package dev.fpmjms.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A set of settings read together (one URI, one Properties, one settings string), applied to a
 * builder as one unit. Not thread-safe; used once.
 *
 * <p>Rules: a comma-list setting given several times is joined in order; any other setting given
 * twice fails, naming both keys; a route (or a subscription's route) that the builder does not have
 * yet must get both its endpoints and its script ({@code route.<queue>=ENDPOINTS|SCRIPT}); an optional {@code uri}
 * entry is applied first and the other entries override it.
 */
final class SettingBatch {
    static final String URI_KEY = "uri";

    /** {@code shown} is the value as given, for messages (a route target's whole ENDPOINTS|SCRIPT). */
    private record Entry(String key, String value, String shown) {
    }

    private final Map<SettingKey, Entry> entries = new LinkedHashMap<>();
    private final boolean allowUri;
    private String uri;

    SettingBatch(boolean allowUri) {
        this.allowUri = allowUri;
    }

    void add(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            throw new IllegalArgumentException("fpm-jms key '" + key + "' has no value");
        }
        if (allowUri && key.equals(URI_KEY)) {
            if (uri != null) {
                throw new IllegalArgumentException("fpm-jms setting given twice: 'uri=" + uri + "' and 'uri=" + value + "'");
            }
            uri = value;
            return;
        }
        SettingKey k = SettingKey.parse(key);
        if (k.kind() == SettingKey.Kind.ROUTE_TARGET) {
            String[] target = FpmConfigParser.splitTarget(k, key, value);
            put(SettingKey.routeOption(k.queue(), RouteOption.ENDPOINTS, k.subscription()), key, target[0], value);
            put(SettingKey.routeOption(k.queue(), RouteOption.SCRIPT, k.subscription()), key, target[1], value);
        } else {
            put(k, key, value, value);
        }
    }

    private void put(SettingKey k, String key, String value, String shown) {
        Entry old = entries.get(k);
        if (old == null) {
            entries.put(k, new Entry(key, value, shown));
        } else if (k.isList()) {
            String joined = old.value.isBlank() ? value : value.isBlank() ? old.value : old.value + "," + value;
            entries.put(k, new Entry(old.key, joined, old.shown + "' and '" + key + "=" + shown));
        } else {
            throw new IllegalArgumentException("fpm-jms setting given twice: '" + old.key + "=" + old.shown
                    + "' and '" + key + "=" + shown + "'");
        }
    }

    /** Applies the URI (if any), checks that new routes are complete, then applies every entry. */
    void applyTo(FpmConfig.Builder b) {
        if (uri != null) {
            FpmConfigParser.applyUri(b, uri);
        }
        checkNewRoutesComplete(b);
        for (Map.Entry<SettingKey, Entry> e : entries.entrySet()) {
            FpmConfigParser.applyParsed(b, e.getKey(), e.getValue().key, e.getValue().value, e.getValue().shown);
        }
    }

    private void checkNewRoutesComplete(FpmConfig.Builder b) {
        Map<SettingKey, List<String>> keysByNewRoute = new LinkedHashMap<>();
        for (Map.Entry<SettingKey, Entry> e : entries.entrySet()) {
            SettingKey k = e.getKey();
            if (k.queue() != null && b.configuredRoute(k.queue(), k.subscription()) == null) {
                // one entry per route: the key of its endpoints stands for all of its keys
                keysByNewRoute.computeIfAbsent(SettingKey.routeOption(k.queue(), RouteOption.ENDPOINTS, k.subscription()),
                        x -> new ArrayList<>()).add(e.getValue().key);
            }
        }
        for (Map.Entry<SettingKey, List<String>> e : keysByNewRoute.entrySet()) {
            SettingKey k = e.getKey();
            boolean endpoints = entries.containsKey(k);
            boolean script = entries.containsKey(SettingKey.routeOption(k.queue(), RouteOption.SCRIPT, k.subscription()));
            String missing = !endpoints && !script ? "is not defined" : !script ? "has no script" : !endpoints ? "has no endpoints" : null;
            if (missing != null) {
                String prefix = k.routePrefix();
                throw new IllegalArgumentException("fpm-jms " + k.routeLabel() + " " + missing + ": add " + prefix
                        + "=ENDPOINTS|SCRIPT (or " + prefix + ".endpoints and " + prefix + ".script); given: "
                        + String.join(", ", e.getValue()));
            }
        }
    }
}
