package dev.fpmjms.faults;

import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.Subscription;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Takes and acknowledges messages from a queue of an engine, with deadlines. */
final class Drain {
    private Drain() {
    }

    /**
     * Takes exactly {@code count} messages, each within {@code perMessageMillis}; fewer when one
     * does not come in time (the caller asserts the count).
     */
    static List<FpmEnvelope> take(FpmEngine engine, String queue, int count, long perMessageMillis)
            throws Exception {
        List<FpmEnvelope> got = new ArrayList<>(Math.min(count, 1024));
        try (Subscription s = engine.consumerQueue(DestinationRef.queue(queue)).subscribe(null, null)) {
            while (got.size() < count) {
                Delivery d = s.take(perMessageMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    break;
                }
                got.add(d.envelope());
                d.acknowledge();
            }
        }
        return got;
    }

    /** Takes whatever arrives until nothing has come for {@code quietMillis}. */
    static List<FpmEnvelope> untilQuiet(FpmEngine engine, String queue, long quietMillis) throws Exception {
        return take(engine, queue, Integer.MAX_VALUE, quietMillis);
    }
}
