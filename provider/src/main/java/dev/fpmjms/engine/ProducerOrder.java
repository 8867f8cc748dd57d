package dev.fpmjms.engine;

import dev.fpmjms.gateway.DeliveryOutcome;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The reorder stage of a worker queue ({@code replyOrder=producer}): PHP runs several requests
 * at once and they complete in any order, but the replies of one producer (a session: its
 * {@link dev.fpmjms.envelope.FpmEnvelope#senderSession()}) reach the queue's consumers in the order the
 * queue dispatched its requests, which for messages of one priority without a delivery delay is
 * the order they were sent (Jakarta Messaging 3.1 §6.2.9.1).
 *
 * <p>Each producer has a <em>line</em>: its requests in first-dispatch order. A request joins the
 * line when it is dispatched for the first time and keeps its place while it is retried. A
 * success waits (<em>held</em>: its request unacknowledged, its reply not yet handed over) until
 * every request ahead of it in the line has left; then the line's replies are handed over in
 * order by one thread at a time. A request leaves the line when its reply is handed over, when it
 * is dead-lettered (its successors go on at once), or when it gives up its place (below).
 *
 * <p><b>Bound.</b> At most {@link #limit()} replies are held per worker queue; the queue stops
 * dispatching while that many are held. It also stops while a hand-over waits for room in the
 * reply queue (nobody reads the replies), as it did before the stage: the requests then in PHP
 * complete and are held, and nothing more runs, which keeps memory bounded. (A request that
 * completes while an earlier reply of its line is being handed over is held, and frees its slot,
 * before that hand-over is known to wait: a few more may run, within the held-replies bound.) When the bound is reached, every line whose first request is waiting for a retry
 * (back in the queue, not in PHP) gives up that request's place: the replies behind it go on,
 * and the retried request joins the end of its line when it is dispatched again, so its reply
 * arrives after its successors'. A request in PHP never loses its place: its line waits at most
 * for its read timeout.
 *
 * <p><b>Crashes.</b> A held reply is in memory only and its request is not acknowledged: after a
 * crash a persistent request comes back from the journal and PHP runs it again, as any request
 * that was in PHP. Recovered requests have origin 0 and share one line, in journal order.
 *
 * <p>Thread-safe: state is guarded by this object's monitor; replies are handed over outside it,
 * by the thread that completed the line's first request, or on the executor when that thread
 * must not block.
 */
final class ProducerOrder {

    /** Hands over one reply (and acknowledges its request), the way {@code WorkerQueue} settles a success. */
    interface Settler {
        /**
         * @return {@code false} when {@code mayBlock} is false and the hand-over would have to
         *         block; nothing was done
         */
        boolean settle(Delivery delivery, DeliveryOutcome outcome, boolean mayBlock);
    }

    /** One request in a line: its latest delivery, and its outcome once it succeeded. */
    private static final class Slot {
        final Line line;
        final QueueEntry entry;
        Delivery delivery;
        DeliveryOutcome outcome;
        boolean inPhp;

        Slot(Line line, QueueEntry entry) {
            this.line = line;
            this.entry = entry;
        }
    }

    private static final class Line {
        final long origin;
        final ArrayDeque<Slot> slots = new ArrayDeque<>();
        /** A thread is handing over this line's first reply. */
        boolean settling;

        Line(long origin) {
            this.origin = origin;
        }
    }

    private final int limit;
    private final Settler settler;
    private final Executor blockingExecutor;
    private final Runnable onRoom;
    private final Map<Long, Line> lines = new HashMap<>();
    private final Map<QueueEntry, Slot> slots = new IdentityHashMap<>();
    private int held;
    /** Hand-overs running on the executor because they had to wait (for room in the reply queue). */
    private int blocked;

    /**
     * @param limit            replies held at most (see the class comment)
     * @param settler          hands a reply over
     * @param blockingExecutor where hand-overs that must block run
     * @param onRoom           called (outside the monitor) when a held reply has left, so that
     *                         the queue may dispatch again
     */
    ProducerOrder(int limit, Settler settler, Executor blockingExecutor, Runnable onRoom) {
        if (limit < 1) {
            throw new IllegalArgumentException("reorder limit must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.settler = settler;
        this.blockingExecutor = blockingExecutor;
        this.onRoom = onRoom;
    }

    int limit() {
        return limit;
    }

    /**
     * Whether the queue may dispatch: fewer than {@link #limit()} replies are held and no
     * hand-over is waiting for room.
     */
    synchronized boolean hasRoom() {
        return held < limit && blocked == 0;
    }

    synchronized int held() {
        return held;
    }

    /**
     * The stage's state for a diagnostic dump: replies held against the bound, hand-overs waiting
     * on the executor, and each line's first requests (succeeded and held, in PHP, or waiting for a
     * retry in the queue).
     */
    synchronized String describe() {
        StringBuilder b = new StringBuilder("held ").append(held).append(" of ").append(limit)
                .append(", blocked hand-overs ").append(blocked).append(", lines ").append(lines.size());
        for (Line line : lines.values()) {
            b.append("; line ").append(line.origin).append(": ").append(line.slots.size()).append(" requests")
                    .append(line.settling ? ", settling" : "").append(", first");
            int shown = 0;
            for (Slot s : line.slots) {
                if (shown++ == 3) {
                    b.append(" ...");
                    break;
                }
                b.append(' ').append(s.delivery == null ? "?" : s.delivery.envelope().messageId()).append(' ')
                        .append(s.outcome != null ? "held" : s.inPhp ? "in PHP" : "waiting for its retry");
            }
        }
        return b.toString();
    }

    /** The request is handed to PHP; the first time, it joins the end of its producer's line. */
    synchronized void dispatched(Delivery delivery) {
        QueueEntry entry = delivery.entry();
        Slot slot = slots.get(entry);
        if (slot == null) {
            long origin = delivery.envelope().senderSession();
            Line line = lines.computeIfAbsent(origin, Line::new);
            slot = new Slot(line, entry);
            line.slots.addLast(slot);
            slots.put(entry, slot);
        }
        slot.delivery = delivery;
        slot.inPhp = true;
    }

    /** Whether the request is in a line (dispatched while ordering, and not left since). */
    synchronized boolean tracks(Delivery delivery) {
        return slots.containsKey(delivery.entry());
    }

    /**
     * The request succeeded: its reply is handed over now if it is first in its line, else held.
     * Never blocks when {@code mayBlock} is false.
     */
    void succeeded(Delivery delivery, DeliveryOutcome outcome, boolean mayBlock) {
        List<Line> released;
        Line line;
        synchronized (this) {
            Slot slot = slots.get(delivery.entry());
            if (slot == null) {
                throw new IllegalStateException("request " + delivery.envelope().messageId() + " is in no line");
            }
            slot.delivery = delivery;
            slot.outcome = outcome;
            slot.inPhp = false;
            held++;
            line = slot.line;
            released = held >= limit ? giveUpRetryPlaces() : List.of();
        }
        drain(line, mayBlock);
        for (Line l : released) {
            drain(l, mayBlock);
        }
    }

    /**
     * The request went back to the queue for another try: it keeps its place. Call it before the
     * delivery is released; a call for a delivery older than the request's latest (it was
     * dispatched again meanwhile, and is in PHP) is ignored.
     */
    void returned(Delivery delivery) {
        List<Line> released;
        synchronized (this) {
            Slot slot = slots.get(delivery.entry());
            if (slot == null || slot.delivery != delivery) {
                return;
            }
            slot.inPhp = false;
            released = held >= limit ? giveUpRetryPlaces() : List.of();
        }
        for (Line l : released) {
            drain(l, false);
        }
    }

    /** The request is done without a reply to hand over (dead-lettered): its successors go on. */
    void left(Delivery delivery) {
        Line line;
        synchronized (this) {
            Slot slot = slots.remove(delivery.entry());
            if (slot == null) {
                return;
            }
            line = slot.line;
            line.slots.remove(slot);
            if (slot.outcome != null) {
                held--;
            }
        }
        drain(line, false);
        onRoom.run();
    }

    /** Lines whose first request waits for a retry lose that request's place; monitor held. */
    private List<Line> giveUpRetryPlaces() {
        List<Line> released = new ArrayList<>();
        for (Line line : lines.values()) {
            Slot first = line.slots.peekFirst();
            boolean gaveUp = false;
            while (first != null && first.outcome == null && !first.inPhp && !line.settling) {
                line.slots.pollFirst();
                slots.remove(first.entry);
                gaveUp = true;
                first = line.slots.peekFirst();
            }
            if (gaveUp) {
                released.add(line);
            }
        }
        return released;
    }

    /** Continues a drain whose hand-over must wait; dispatch pauses until it has run. */
    private void drainOnExecutor(Line line) {
        synchronized (this) {
            blocked++;
        }
        try {
            blockingExecutor.execute(() -> {
                try {
                    drain(line, true);
                } finally {
                    synchronized (this) {
                        blocked--;
                    }
                    onRoom.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // the engine shut down: the requests stay unacknowledged (stored ones come back)
            synchronized (this) {
                blocked--;
            }
        }
    }

    /**
     * Hands over the line's replies from its head while they are ready, one thread at a time per
     * line; a hand-over that would block continues on the executor. Then the lines that gave up a
     * place meanwhile (see {@link #drainLine}) are drained the same way.
     */
    private void drain(Line line, boolean mayBlock) {
        ArrayDeque<Line> more = new ArrayDeque<>();
        for (Line next = line; next != null; next = more.poll()) {
            drainLine(next, mayBlock, more);
        }
    }

    /**
     * Hands over one line's replies from its head while they are ready. When it stops at a request
     * waiting for its retry while the bound is reached, places are given up here and the lines
     * concerned added to {@code more}: {@link #giveUpRetryPlaces} skips a line while its replies are
     * being handed over, so a request that went back to the queue during a hand-over (or the bound
     * reached during one) is seen only by the thread that ends the hand-over. Without this the
     * replies behind that request stayed held at the bound, dispatch stayed stopped, and the
     * request, due in the queue, was never dispatched again.
     */
    private void drainLine(Line line, boolean mayBlock, ArrayDeque<Line> more) {
        while (true) {
            Slot first;
            synchronized (this) {
                first = line.slots.peekFirst();
                if (line.settling || first == null || first.outcome == null) {
                    if (first == null && !line.settling) {
                        lines.remove(line.origin, line);
                    } else if (!line.settling && held >= limit) {
                        more.addAll(giveUpRetryPlaces());
                    }
                    return;
                }
                line.settling = true;
            }
            boolean done = false;
            try {
                done = settler.settle(first.delivery, first.outcome, mayBlock);
            } finally {
                synchronized (this) {
                    line.settling = false;
                    if (done) {
                        line.slots.pollFirst();
                        slots.remove(first.entry);
                        held--;
                    }
                }
            }
            if (!done) {
                drainOnExecutor(line);
                return;
            }
            onRoom.run();
        }
    }
}
