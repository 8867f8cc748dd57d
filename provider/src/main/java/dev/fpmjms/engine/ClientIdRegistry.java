package dev.fpmjms.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client identifiers held by open connections of one engine. The spec requires a client id to
 * be unique among the connections of a provider, and one engine is what connections of equal
 * configurations share, so the engine owns the set and it goes away with the engine. Thread-safe.
 */
public final class ClientIdRegistry {
    private final Set<String> inUse = ConcurrentHashMap.newKeySet();

    ClientIdRegistry() {
    }

    /** Claims {@code clientId}; {@code false} when another open connection of the engine holds it. */
    public boolean claim(String clientId) {
        return inUse.add(clientId);
    }

    /** Releases an id claimed earlier; releasing one not held does nothing. */
    public void release(String clientId) {
        inUse.remove(clientId);
    }
}
