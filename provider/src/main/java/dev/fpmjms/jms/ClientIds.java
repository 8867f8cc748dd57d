package dev.fpmjms.jms;

import dev.fpmjms.engine.FpmEngine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client identifiers in use per engine: the spec requires a client id to be unique among the
 * connections of a provider, and one engine is what connections of equal configurations share.
 * Thread-safe.
 */
final class ClientIds {
    private static final Map<FpmEngine, Set<String>> IN_USE = new ConcurrentHashMap<>();

    private ClientIds() {
    }

    /** Claims an id; {@code false} when another open connection of the engine holds it. */
    static boolean claim(FpmEngine engine, String clientId) {
        return IN_USE.computeIfAbsent(engine, e -> ConcurrentHashMap.newKeySet()).add(clientId);
    }

    static void release(FpmEngine engine, String clientId) {
        IN_USE.computeIfPresent(engine, (e, ids) -> {
            ids.remove(clientId);
            return ids.isEmpty() ? null : ids;
        });
    }
}
