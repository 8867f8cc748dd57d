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
        return take(engine, queue, count, perMessageMillis, null);
    }

    /**
     * As {@link #take(FpmEngine, String, int, long)}; when a message does not come in time (and
     * {@code count} is not open-ended), prints where the engine's requests are
     * ({@link FpmEngine#describeDispatch()}) and, when {@code recorder} is given, its php-fpm's
     * status, so that a stall names its cause.
     */
    static List<FpmEnvelope> take(FpmEngine engine, String queue, int count, long perMessageMillis, Recorder recorder)
            throws Exception {
        List<FpmEnvelope> got = new ArrayList<>(Math.min(count, 1024));
        try (Subscription s = engine.consumerQueue(DestinationRef.queue(queue)).subscribe(null, null)) {
            while (got.size() < count) {
                Delivery d = s.take(perMessageMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    if (count != Integer.MAX_VALUE) {
                        System.out.println("Drain: " + got.size() + " of " + count + " from '" + queue + "', none for "
                                + perMessageMillis + " ms; dispatch: " + engine.describeDispatch()
                                + (recorder == null ? "" : "; php-fpm: " + recorder.status()));
                    }
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
