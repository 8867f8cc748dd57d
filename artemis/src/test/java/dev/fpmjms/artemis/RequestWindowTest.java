package dev.fpmjms.artemis;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestWindowTest {
    private static HeldRequest request(int n) {
        return new HeldRequest(null, FpmEnvelope.builder(DestinationRef.queue("q")).messageId("ID:" + n).build());
    }

    private static final DeliveryOutcome DONE = DeliveryOutcome.workerFailure("any outcome but NOT_DELIVERED");

    @Test
    void admitsAtMostTheLimitInReceiveOrder() {
        RequestWindow w = new RequestWindow(2, true);
        HeldRequest a = request(1), b = request(2), c = request(3);
        w.received(a);
        w.received(b);
        w.received(c);
        assertEquals(List.of(a, b), w.admit(0));
        assertEquals(List.of(), w.admit(0));
        w.completed(a, DONE);
        assertEquals(List.of(a), w.settleable());
        assertEquals(List.of(c), w.admit(0));
        assertEquals(2, w.inGateway());
        assertEquals(2, w.held());
    }

    @Test
    void producerOrderSettlesALaterRequestOnlyAfterEveryEarlierOne() {
        RequestWindow w = new RequestWindow(3, true);
        HeldRequest a = request(1), b = request(2), c = request(3);
        List.of(a, b, c).forEach(w::received);
        w.admit(0);
        w.completed(c, DONE);
        w.completed(b, DONE);
        assertEquals(List.of(), w.settleable(), "b and c wait for a");
        w.completed(a, DONE);
        assertEquals(List.of(a, b, c), w.settleable());
        assertEquals(0, w.held());
    }

    @Test
    void aFinishedRequestWaitingForAnEarlierOneStillCountsAgainstTheLimit() {
        RequestWindow w = new RequestWindow(2, true);
        HeldRequest a = request(1), b = request(2), c = request(3);
        List.of(a, b, c).forEach(w::received);
        assertEquals(List.of(a, b), w.admit(0));
        w.completed(b, DONE);
        assertEquals(List.of(), w.settleable());
        assertEquals(List.of(), w.admit(0), "b ran and is not settled: still one of the two a dispatcher may lose");
        assertEquals(1, w.inGateway());
        assertEquals(2, w.admitted());
        w.completed(a, DONE);
        assertEquals(List.of(a, b), w.settleable());
        assertEquals(List.of(c), w.admit(0));
    }

    @Test
    void completionOrderSettlesWhateverFinished() {
        RequestWindow w = new RequestWindow(3, false);
        HeldRequest a = request(1), b = request(2), c = request(3);
        List.of(a, b, c).forEach(w::received);
        w.admit(0);
        w.completed(c, DONE);
        assertEquals(List.of(c), w.settleable());
        assertEquals(2, w.held());
    }

    @Test
    void aRequestThatDidNotReachPhpKeepsItsPlaceAndGoesAgainAtItsRetryTime() {
        RequestWindow w = new RequestWindow(2, true);
        HeldRequest a = request(1), b = request(2), c = request(3);
        List.of(a, b, c).forEach(w::received);
        assertEquals(List.of(a, b), w.admit(0));
        w.deferred(a, 1_000);
        assertEquals(1_000 - 10, w.nanosToNextRetry(10));
        assertEquals(List.of(), w.admit(10), "a keeps its place while it waits: c does not go");
        w.completed(b, DONE);
        assertEquals(List.of(), w.settleable(), "b waits for a, received before it");
        assertEquals(List.of(a), w.admit(1_000));
        assertEquals(Long.MAX_VALUE, w.nanosToNextRetry(1_000));
        w.completed(a, DONE);
        assertEquals(List.of(a, b), w.settleable());
        assertEquals(List.of(c), w.admit(1_000));
    }

    @Test
    void releasingWaitingRequestsLeavesOnlyThoseInTheGateway() {
        RequestWindow w = new RequestWindow(2, true);
        HeldRequest a = request(1), b = request(2), c = request(3), d = request(4);
        List.of(a, b, c, d).forEach(w::received);
        w.admit(0);
        w.deferred(a, 5_000);
        w.releaseWaiting();
        assertEquals(1, w.held(), "only b, in the gateway, is still held");
        assertTrue(w.admit(10_000).isEmpty());
        w.completed(b, DONE);
        assertEquals(List.of(b), w.settleable());
    }

    @Test
    void aLimitBelowOneIsRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RequestWindow(0, true));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
    }
}
