package dev.fpmjms.artemis;

import dev.fpmjms.gateway.DeliveryOutcome;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The requests one dispatcher holds for one route, from their delivery by the broker to their
 * settlement, and which of them may go to the gateway or be settled next. A request is
 * <em>held</em> from {@link #received} until {@link #settleable} (or {@link #releaseWaiting})
 * hands it out. At most {@code limit} held requests are <em>admitted</em> at once: handed to the
 * gateway and not yet settled, whether still in php-fpm or finished and waiting to be settled
 * (the rest wait in receive order, or for their retry time after an attempt that did not reach
 * php-fpm). So at most {@code limit} requests have run or run in php-fpm without their settlement
 * being committed: what a dispatcher that dies can have PHP run twice.
 *
 * <p>Settle order: with {@code producerOrder} a request is settled only after every request
 * received before it (a later one that finished first waits), so the replies of one producer
 * keep its send order; otherwise in completion order.
 *
 * <p>Not thread-safe: used by the thread that owns the dispatcher's session only. No I/O.
 */
final class RequestWindow {
    private final int limit;
    private final boolean producerOrder;
    /** Every held request, in receive order. */
    private final Deque<HeldRequest> held = new ArrayDeque<>();
    /** Held, never delivered yet, in receive order. */
    private final Deque<HeldRequest> fresh = new ArrayDeque<>();
    /** Held, waiting for their retry time after an attempt that did not reach php-fpm. */
    private final PriorityQueue<HeldRequest> waiting = new PriorityQueue<>(
            Comparator.comparingLong((HeldRequest h) -> h.retryAtNanos));
    /** Handed to the gateway and not settled (waiting for a retry included: it keeps its place). */
    private int admitted;
    /** Handed to the gateway, without an outcome yet. */
    private int inGateway;

    /**
     * @param limit         the most requests in the gateway at once
     * @param producerOrder settle in receive order ({@code replyOrder=producer}), else in completion order
     * @throws IllegalArgumentException when {@code limit < 1}
     */
    RequestWindow(int limit, boolean producerOrder) {
        if (limit < 1) {
            throw new IllegalArgumentException("a request window needs a limit of at least 1, was " + limit);
        }
        this.limit = limit;
        this.producerOrder = producerOrder;
    }

    /** A request the broker delivered: held from now on. */
    void received(HeldRequest request) {
        held.addLast(request);
        fresh.addLast(request);
    }

    /**
     * The requests to hand to the gateway now: those whose retry time has come (admitted before,
     * they kept their place), then fresh ones in receive order, counted as admitted, while fewer
     * than {@code limit} are admitted.
     */
    List<HeldRequest> admit(long nowNanos) {
        List<HeldRequest> out = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peek().retryAtNanos - nowNanos <= 0) {
            out.add(waiting.poll()); // admitted already: it kept its place while it waited
        }
        while (admitted < limit && !fresh.isEmpty()) {
            out.add(fresh.pollFirst());
            admitted++;
        }
        inGateway += out.size();
        return out;
    }

    /** The gateway's outcome for a request it had: settleable from now on (order permitting). */
    void completed(HeldRequest request, DeliveryOutcome outcome) {
        inGateway--;
        request.outcome = outcome;
    }

    /** An attempt that did not reach php-fpm: the request waits until {@code retryAtNanos}. */
    void deferred(HeldRequest request, long retryAtNanos) {
        inGateway--;
        request.retryAtNanos = retryAtNanos;
        waiting.add(request);
    }

    /** Nanoseconds until the next waiting request's retry time (0 when due), {@link Long#MAX_VALUE} when none waits. */
    long nanosToNextRetry(long nowNanos) {
        return waiting.isEmpty() ? Long.MAX_VALUE : Math.max(0, waiting.peek().retryAtNanos - nowNanos);
    }

    /**
     * Removes and returns the requests that may be settled now: those with an outcome, in
     * receive order up to the first without one ({@code producerOrder}), else all of them.
     */
    List<HeldRequest> settleable() {
        List<HeldRequest> out = new ArrayList<>();
        if (producerOrder) {
            while (!held.isEmpty() && held.peekFirst().outcome != null) {
                out.add(held.pollFirst());
            }
        } else {
            for (Iterator<HeldRequest> it = held.iterator(); it.hasNext(); ) {
                HeldRequest h = it.next();
                if (h.outcome != null) {
                    out.add(h);
                    it.remove();
                }
            }
        }
        admitted -= out.size();
        return out;
    }

    /**
     * Stops holding the requests that are not in the gateway (never delivered, or waiting for a
     * retry): they are no longer held and go back to the broker with the session. Used when the
     * dispatcher stops, so that only the requests in php-fpm remain to settle; a request received
     * after them may then be settled before they are delivered again.
     */
    void releaseWaiting() {
        held.removeAll(fresh);
        held.removeAll(waiting);
        admitted -= waiting.size();
        fresh.clear();
        waiting.clear();
    }

    /** Requests handed to the gateway and not settled (in php-fpm, or finished and waiting to be settled). */
    int admitted() {
        return admitted;
    }

    /** Requests handed to the gateway and without an outcome yet. */
    int inGateway() {
        return inGateway;
    }

    /** Requests held (received, not settled or released). */
    int held() {
        return held.size();
    }
}
