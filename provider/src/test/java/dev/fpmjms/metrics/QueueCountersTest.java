package dev.fpmjms.metrics;

import dev.fpmjms.gateway.DeliveryOutcome.Result;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueueCountersTest {

    @Test
    void countsEachOutcomeAndThePhpTimeOfThoseThatReachedPhp() {
        QueueCounters c = new QueueCounters();
        c.dispatched();
        c.dispatched();
        c.dispatched();
        c.outcome(Result.SUCCESS, 12, 100);
        c.outcome(Result.WORKER_FAILURE, 3, 20);
        c.outcome(Result.NOT_DELIVERED, 1, -1);
        c.retried();
        c.deadLettered();
        QueueMetrics m = c.snapshot("mail", "*", 4, 2, 1);
        assertEquals("mail", m.queue());
        assertEquals("*", m.route());
        assertEquals(4, m.waitingForDispatch());
        assertEquals(2, m.inFlight());
        assertEquals(1, m.waitingForConsumers());
        assertEquals(3, m.dispatched());
        assertEquals(1, m.successes());
        assertEquals(1, m.failures());
        assertEquals(1, m.outcome(Result.NOT_DELIVERED));
        assertEquals(0, m.outcome(Result.REJECTED));
        assertEquals(1, m.retries());
        assertEquals(1, m.deadLetters());
        assertEquals(120, m.replyBytes());
        assertEquals(2, m.phpTime().count(), "not delivered has no PHP time");
        assertEquals(15, m.phpTime().sum());
    }

    @Test
    void depthsReadWhileMessagesMoveAreNeverNegative() {
        QueueMetrics m = new QueueCounters().snapshot("q", "q", -1, -2, -3);
        assertEquals(0, m.waitingForDispatch() + m.inFlight() + m.waitingForConsumers());
    }

    @Test
    void everyOutcomeClassIsPresentAndTheMapIsReadOnly() {
        QueueMetrics m = QueueMetrics.empty("q", "q");
        assertEquals(Result.values().length, m.outcomes().size());
        assertThrows(UnsupportedOperationException.class, () -> m.outcomes().put(Result.SUCCESS, 1L));
        QueueMetrics partial = new QueueMetrics("q", "q", 0, 0, 0, 0, Map.of(Result.SUCCESS, 2L), 0, 0,
                m.phpTime(), 0);
        assertEquals(2, partial.successes());
        assertEquals(0, partial.outcome(Result.REJECTED));
    }
}
