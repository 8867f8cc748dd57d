package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The temporary queues of one engine, each with the connection that owns it. A temporary queue is
 * never stored: what it holds is dropped when it is deleted or the engine stops. Thread-safe.
 */
final class TemporaryQueues {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryQueues.class);

    private record Entry(String owner, LocalQueue queue) {
    }

    private final Map<String, Entry> byName = new ConcurrentHashMap<>();
    private final Function<DestinationRef, LocalQueue> newQueue;

    /** @param newQueue makes the (unstored) queue behind a new temporary queue */
    TemporaryQueues(Function<DestinationRef, LocalQueue> newQueue) {
        this.newQueue = newQueue;
    }

    /** Creates a temporary queue owned by connection {@code ownerConnectionId}. */
    DestinationRef create(String ownerConnectionId) {
        DestinationRef ref = DestinationRef.temporaryQueue("TMP." + UUID.randomUUID());
        byName.put(ref.name(), new Entry(ownerConnectionId, newQueue.apply(ref)));
        return ref;
    }

    /** The connection that owns temporary queue {@code name}, or {@code null} when it does not exist. */
    String owner(String name) {
        Entry e = byName.get(name);
        return e == null ? null : e.owner();
    }

    /** The queue behind temporary queue {@code name}, or {@code null} when it does not exist (any more). */
    LocalQueue queue(String name) {
        Entry e = byName.get(name);
        return e == null ? null : e.queue();
    }

    /** Deletes temporary queue {@code name} and drops what it holds; unknown names are ignored. */
    void delete(String name) {
        Entry e = byName.remove(name);
        if (e != null) {
            int dropped = e.queue().close();
            if (dropped > 0) {
                LOG.debug("temporary queue {} deleted with {} messages", name, dropped);
            }
        }
    }

    void forEach(BiConsumer<String, LocalQueue> action) {
        byName.forEach((name, e) -> action.accept(name, e.queue()));
    }

    /** Closes every temporary queue (the engine stops); what they hold is dropped. */
    void closeAll() {
        byName.values().forEach(e -> e.queue().close());
    }
}
