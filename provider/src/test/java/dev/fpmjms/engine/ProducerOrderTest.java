package dev.fpmjms.engine;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reorder stage alone, with the interleavings of its callers chosen by the test (the engine
 * calls it from the transport thread and the outcome executor at once).
 */
@Timeout(10)
class ProducerOrderTest {
    private static final long ORIGIN = 7;
    private final List<Object> handedOver = new ArrayList<>();
    private Runnable duringHandOver = () -> { };
    private int rooms;
    private long sequence;
    private final ProducerOrder order = new ProducerOrder(2, (delivery, outcome, mayBlock) -> {
        handedOver.add(delivery.envelope().body());
        Runnable r = duringHandOver;
        duringHandOver = () -> { };
        r.run();
        return true;
    }, Runnable::run, () -> rooms++);

    private Delivery delivery(String body) {
        FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue("work")).messageId("ID:" + body).senderSession(ORIGIN)
                .body(BodyType.TEXT, body).build();
        return new Delivery(null, new QueueEntry(sequence++, e, 0, 1), e, e);
    }

    /** Dispatches the requests in this order: their producer's line. */
    private void dispatchAll(Delivery... deliveries) {
        for (Delivery d : deliveries) {
            order.dispatched(d);
        }
    }

    /** The same message delivered again: a new delivery of the same queue entry. */
    private static Delivery again(Delivery d) {
        return new Delivery(null, d.entry(), d.envelope(), d.envelope());
    }

    private static DeliveryOutcome success(Delivery d) {
        return DeliveryOutcome.success(200, d.envelope(), "", 1);
    }

    /**
     * The bound is reached while a line's first request (a) is in PHP and the next one (r) too.
     * a succeeds and its reply is handed over; during that hand-over r fails and goes back to
     * the queue for a retry (on the outcome executor in the engine; here from inside the
     * hand-over, the same interleaving without a second thread). The stage skipped the line then,
     * since a hand-over was running, and the hand-over stopped at r: the replies behind r stayed
     * held at the bound, dispatch stayed stopped, and r, due in the queue, was never dispatched
     * again (the stall of WorkerFailureIT: 16 replies held, the retried request not dispatched).
     */
    @Test
    void aRequestThatGoesBackForARetryDuringAHandOverAtTheBoundGivesUpItsPlace() {
        Delivery a = delivery("a");
        Delivery r = delivery("r");
        Delivery c1 = delivery("c1");
        Delivery c2 = delivery("c2");
        dispatchAll(a, r, c1, c2);
        order.succeeded(c1, success(c1), false);
        order.succeeded(c2, success(c2), false);
        assertEquals(List.of(), handedOver, "c1 and c2 wait for a and r");
        assertTrue(!order.hasRoom(), "the bound (2) is reached: dispatch stops");

        duringHandOver = () -> order.returned(r);
        order.succeeded(a, success(a), false);

        assertEquals(List.of("a", "c1", "c2"), handedOver,
                "r waits for its retry at the bound: it gives up its place and c1, c2 go on");
        assertTrue(order.hasRoom(), "dispatch goes on (r is dispatched again), held " + order.held());
    }

    /** The same with the bound reached by a success during the hand-over, r back in the queue before. */
    @Test
    void theBoundReachedDuringAHandOverReleasesTheRepliesBehindARequestWaitingForItsRetry() {
        Delivery a = delivery("a");
        Delivery r = delivery("r");
        Delivery c1 = delivery("c1");
        Delivery c2 = delivery("c2");
        Delivery c3 = delivery("c3");
        dispatchAll(a, r, c1, c2, c3);
        order.returned(r);
        order.succeeded(c1, success(c1), false);
        assertTrue(order.hasRoom(), "one held, below the bound");
        duringHandOver = () -> {
            order.succeeded(c2, success(c2), false);
            order.succeeded(c3, success(c3), false);
        };
        order.succeeded(a, success(a), false);

        assertEquals(List.of("a", "c1", "c2", "c3"), handedOver);
        assertTrue(order.hasRoom(), "held " + order.held());
    }

    /**
     * A retried request (r) is dispatched again before the stage hears that its first delivery
     * went back to the queue (the outcome thread released it, the pump on another thread
     * dispatched it, then the outcome thread called returned()). The late call must not mark the
     * request as waiting for its retry: at the bound it would give up the place of a request that
     * is in PHP, its successors' replies would overtake it, and its own success would find no line.
     */
    @Test
    void aLateReturnForAnEarlierDeliveryKeepsThePlaceOfTheRequestDispatchedAgain() {
        Delivery a = delivery("a");
        Delivery r = delivery("r");
        Delivery c1 = delivery("c1");
        Delivery c2 = delivery("c2");
        dispatchAll(a, r, c1, c2);
        order.succeeded(a, success(a), false);
        Delivery r2 = again(r);
        order.dispatched(r2);
        order.returned(r);
        order.succeeded(c1, success(c1), false);
        order.succeeded(c2, success(c2), false);
        assertEquals(List.of("a"), handedOver, "c1 and c2 wait for r, which is in PHP again");

        order.succeeded(r2, success(r2), false);
        assertEquals(List.of("a", "r", "c1", "c2"), handedOver);
        assertTrue(order.hasRoom(), "held " + order.held());
    }
}
