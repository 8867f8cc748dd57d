package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.fpmjms.store.MessageStore;
import dev.fpmjms.store.StoreException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * An in-process queue: messages waiting in priority order (higher first, then older first),
 * delayed messages held until their time, expired messages dropped, size limits that block or
 * fail producers, and deliveries that stay counted until they are acknowledged or released.
 *
 * <p>Both Java consumers and the dispatcher towards php-fpm read a queue the same way: through a
 * {@link Subscription}, getting {@link Delivery} objects that they acknowledge (done) or release
 * (back to the queue, counted as a delivery or not).
 *
 * <p>With a {@link MessageStore}, persistent messages are written to the store before they become
 * visible (a transaction's in one batch; the writes are {@link QueueStorage}'s), removed from it when acknowledged or expired, and their
 * delivery count is updated when a counted delivery is released. Non-persistent messages never
 * touch the store. The store is called without the queue's lock held, except for its
 * non-blocking removals and updates.
 *
 * <p>Thread-safe: one lock guards the state. Availability callbacks of subscriptions run on the
 * thread that made a message available (a producer, a releasing consumer, the timer thread, a
 * FastCGI transport thread that settles a worker's reply through {@link #tryEnqueue}, or the
 * journal's writer thread that completes a {@link PendingSend}), after the lock is released; they
 * must be quick and must not block.
 */
public final class LocalQueue {
    private static final Logger LOG = LoggerFactory.getLogger(LocalQueue.class);

    private final DestinationRef destination;
    private final Clock clock;
    /** The stored-message path, or {@code null} when the queue keeps everything in memory. */
    private final QueueStorage storage;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition messageAvailable = lock.newCondition();
    private final QueueRoom room;
    /** {@link #ensureOpen()} as one object, for the room's waits (no lambda per send). */
    private final Runnable ensureOpenCheck = this::ensureOpen;
    private final TreeSet<QueueEntry> ready = new TreeSet<>(QueueEntry.DELIVERY_ORDER);
    private final DelayedEntries delayed;
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long nextSequence;
    private long inFlight;
    /** Entries held (waiting, delayed or in flight) that are in the store, and those of them in flight. */
    private long storedHeld;
    private long storedInFlight;
    private long expiredCount;
    private boolean closed;
    /** Closed by {@link #delete()}: messages given back are removed from the store too. */
    private boolean deleted;

    /**
     * @param destination the queue's identity
     * @param limits      size limits
     * @param clock       time source for expiry and delivery delay
     * @param timer       runs the moves of delayed messages when they fall due
     */
    public LocalQueue(DestinationRef destination, QueueLimits limits, Clock clock, ScheduledExecutorService timer) {
        this(destination, limits, clock, timer, null, null);
    }

    /**
     * A queue whose persistent messages are kept in {@code store} under {@code storeKey}.
     *
     * @param store    the store, or {@code null} to keep everything in memory
     * @param storeKey the queue's key in the store; required with a store
     */
    LocalQueue(DestinationRef destination, QueueLimits limits, Clock clock, ScheduledExecutorService timer,
               MessageStore store, String storeKey) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.room = new QueueRoom(destination.name(), Objects.requireNonNull(limits, "limits"), lock);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delayed = new DelayedEntries(Objects.requireNonNull(timer, "timer"), this::onDueTimer);
        this.storage = store == null ? null
                : new QueueStorage(this, store, Objects.requireNonNull(storeKey, "storeKey"));
    }

    public DestinationRef destination() {
        return destination;
    }

    /**
     * Adds a message. When the queue is full, waits up to the limits' block timeout (policy
     * BLOCK) or fails at once (policy FAIL).
     *
     * <p>A persistent message on a queue with a store is durable (per the fsync policy) when this
     * returns.
     *
     * @throws QueueFullException   the queue stayed full; the message was not added
     * @throws InterruptedException interrupted while waiting for space; the message was not added
     * @throws IllegalStateException the queue was deleted
     * @throws StoreException       the store could not write the message; it was not added
     */
    public void enqueue(FpmEnvelope envelope) throws QueueFullException, InterruptedException {
        enqueueAll(List.of(envelope));
    }

    /**
     * Adds several messages at once (a transaction's sends): all or none. Waits for room for all
     * of them as {@link #enqueue} does.
     */
    public void enqueueAll(List<FpmEnvelope> envelopes) throws QueueFullException, InterruptedException {
        long waitNanos = room.policyWaitNanos();
        enqueueAll(envelopes, waitNanos);
    }

    /**
     * Adds a message, waiting up to {@code maxWaitNanos} for room whatever the queue's policy:
     * for the engine's own hand-overs (replies, dead letters), which must not be lost.
     */
    void enqueueWaiting(FpmEnvelope envelope, long maxWaitNanos) throws QueueFullException, InterruptedException {
        enqueueAll(List.of(envelope), maxWaitNanos);
    }

    private void enqueueAll(List<FpmEnvelope> envelopes, long waitNanos) throws QueueFullException, InterruptedException {
        if (envelopes.isEmpty()) {
            return;
        }
        int count = envelopes.size();
        long[] sizes = new long[count];
        long bytes = 0;
        boolean anyPersistent = false;
        for (int i = 0; i < count; i++) {
            FpmEnvelope e = envelopes.get(i);
            sizes[i] = e.sizeEstimate();
            bytes += sizes[i];
            anyPersistent |= e.persistent();
        }
        if (storage != null && anyPersistent) {
            storage.enqueue(envelopes, sizes, bytes, waitNanos);
            return;
        }
        lock.lockInterruptibly();
        try {
            awaitSpace(count, bytes, waitNanos);
            long now = clock.millis();
            for (int i = 0; i < count; i++) {
                add(newEntry(envelopes.get(i), sizes[i], now), now);
            }
            room.take(count, bytes);
        } finally {
            lock.unlock();
        }
        notifySubscribers();
    }

    /**
     * Makes messages whose room is reserved (their {@code sizes}) and whose persistent ones are
     * stored (under {@code ids}, in order) visible. When the queue was deleted meanwhile, removes
     * them from the store, gives the room back and throws {@link IllegalStateException}.
     */
    void publishStored(List<FpmEnvelope> envelopes, long[] sizes, long[] ids) {
        lock.lock();
        try {
            if (closed) {
                for (long id : ids) {
                    storage.remove(id);
                }
                room.free(envelopes.size(), Arrays.stream(sizes).sum());
                ensureOpen();
            }
            long now = clock.millis();
            int next = 0;
            for (int i = 0; i < sizes.length; i++) {
                FpmEnvelope e = envelopes.get(i);
                QueueEntry entry = newEntry(e, sizes[i], now);
                if (e.persistent()) {
                    entry.storeId = ids[next++];
                    storedHeld++;
                }
                add(entry, now);
            }
        } finally {
            lock.unlock();
        }
        notifySubscribers();
    }

    // ---- asynchronous sends: PendingSend ----------------------------------------------------

    /**
     * Starts adding a persistent message without waiting for the store: reserves room now (waiting
     * or failing per the limits, as {@link #enqueue} does), hands the message to the store, and
     * returns the send; the message becomes visible once it is stored ({@link PendingSend}).
     *
     * @return the pending send, or {@code null} when the message is not persistent or the queue
     *         has no store (then {@link #enqueue} is the way)
     * @throws QueueFullException   the queue stayed full; nothing was reserved or stored
     * @throws InterruptedException interrupted while waiting for room
     * @throws StoreException       the store refused the message at once
     */
    PendingSend beginStored(FpmEnvelope envelope) throws QueueFullException, InterruptedException {
        if (storage == null || !envelope.persistent()) {
            return null;
        }
        return storage.begin(envelope, room.policyWaitNanos());
    }

    /**
     * The engine's own hand-over of a persistent message (a worker's reply): reserves room,
     * waiting up to {@code maxWaitNanos} whatever the queue's policy (as {@link #enqueueWaiting}),
     * hands the message to the store as a deferred add ({@link MessageStore#addAllDeferred}) and
     * puts it on the queue at once, before it is durable; the returned send tells when it is.
     *
     * @return the pending send, or {@code null} when the message is not persistent or the queue
     *         has no store (then {@link #enqueueWaiting} is the way)
     * @throws QueueFullException    the queue stayed full; nothing was reserved or stored
     * @throws InterruptedException  interrupted while waiting for room
     * @throws StoreException        the store refused the message at once
     * @throws IllegalStateException the queue was deleted
     */
    PendingSend beginVisibleStored(FpmEnvelope envelope, long maxWaitNanos) throws QueueFullException, InterruptedException {
        if (storage == null || !envelope.persistent()) {
            return null;
        }
        return storage.beginVisible(envelope, maxWaitNanos);
    }

    /**
     * Reserves room for {@code count} messages of {@code bytes} in all, waiting up to
     * {@code waitNanos} (see {@link QueueRoom#await}): for messages that become visible later
     * ({@link #publishStored}) or are given back ({@link #giveBack}).
     */
    void reserve(int count, long bytes, long waitNanos) throws QueueFullException, InterruptedException {
        lock.lockInterruptibly();
        try {
            awaitSpace(count, bytes, waitNanos);
            room.take(count, bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a stored message that never became visible (a given-up {@link PendingSend}). */
    void removeStored(long storeId) {
        storage.remove(storeId);
    }

    /** Frees room reserved for messages that will not be added. */
    void giveBack(long count, long bytes) {
        lock.lock();
        try {
            room.free(count, bytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back a message recovered from the store at engine start: no size limits (the store may
     * hold more than a lowered limit allows, and dropping it is no option) and no store write.
     * An expired message is dropped and removed from the store.
     */
    void restore(long storeId, FpmEnvelope envelope) {
        lock.lock();
        try {
            long now = clock.millis();
            if (envelope.isExpired(now)) {
                expiredCount++;
                storage.remove(storeId);
                return;
            }
            QueueEntry entry = newEntry(envelope, envelope.sizeEstimate(), now);
            entry.storeId = storeId;
            storedHeld++;
            room.take(1, entry.size);
            add(entry, now);
        } finally {
            lock.unlock();
        }
        notifySubscribers();
    }

    /**
     * Adds a message if that needs neither waiting nor the store: for a transport thread that
     * settles a worker's reply, which must not block. Never throws for a full, deleted or stored
     * queue; the caller then takes the blocking path ({@link #enqueueWaiting}).
     *
     * @return {@code true} when the message was added; {@code false} when the queue is full or
     *         deleted, or the message is persistent and this queue has a store
     */
    boolean tryEnqueue(FpmEnvelope envelope) {
        if (storage != null && envelope.persistent()) {
            return false;
        }
        long bytes = envelope.sizeEstimate();
        lock.lock();
        try {
            if (closed || !room.fits(1, bytes)) {
                return false;
            }
            long now = clock.millis();
            add(newEntry(envelope, bytes, now), now);
            room.take(1, bytes);
        } finally {
            lock.unlock();
        }
        notifySubscribers();
        return true;
    }

    /** Waits for room for {@code count} messages of {@code bytes} (see {@link QueueRoom#await}); lock held. */
    private void awaitSpace(long count, long bytes, long waitNanos) throws QueueFullException, InterruptedException {
        room.await(count, bytes, waitNanos, ensureOpenCheck);
    }

    /** A new entry, next in the queue's order, held back until its delivery time; lock held. */
    private QueueEntry newEntry(FpmEnvelope envelope, long size, long now) {
        return new QueueEntry(nextSequence++, envelope, envelope.deliveryTime() > now ? envelope.deliveryTime() : 0, size);
    }

    /** Places an entry among the ready or the delayed messages; lock held. */
    private void add(QueueEntry entry, long now) {
        if (entry.notBefore > now) {
            delayed.add(entry, now);
        } else {
            entry.notBefore = 0;
            ready.add(entry);
            messageAvailable.signalAll();
        }
    }

    /**
     * Opens a subscription.
     *
     * @param selector    which messages it takes ({@code null} for all)
     * @param onAvailable called when a message may have become available to it, or {@code null};
     *                    see the class comment for the threading rules
     */
    public Subscription subscribe(Predicate<FpmEnvelope> selector, Runnable onAvailable) {
        Subscription s = new Subscription(this, selector, onAvailable);
        subscriptions.add(s);
        if (onAvailable != null && size() > 0) {
            onAvailable.run();
        }
        return s;
    }

    void unsubscribe(Subscription s) {
        subscriptions.remove(s);
        lock.lock();
        try {
            messageAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the first ready message the selector accepts, or waits for one.
     *
     * @param timeoutNanos 0 for no wait, negative for no limit
     * @return the delivery, or {@code null} when none came in time or {@code stillWanted} turned false
     */
    Delivery take(Predicate<FpmEnvelope> selector, long timeoutNanos, java.util.function.BooleanSupplier stillWanted)
            throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (true) {
                if (!stillWanted.getAsBoolean() || closed) {
                    return null;
                }
                QueueEntry entry = pollReady(selector);
                if (entry != null) {
                    inFlight++;
                    if (entry.storeId != 0) {
                        storedInFlight++;
                    }
                    FpmEnvelope original = entry.envelope;
                    FpmEnvelope delivered = original.nextDelivery();
                    return new Delivery(this, entry, original, delivered);
                }
                if (timeoutNanos == 0) {
                    return null;
                }
                if (timeoutNanos < 0) {
                    messageAvailable.await();
                } else {
                    if (remaining <= 0) {
                        return null;
                    }
                    remaining = messageAvailable.awaitNanos(remaining);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the first ready entry the selector accepts, dropping expired ones; lock held. */
    private QueueEntry pollReady(Predicate<FpmEnvelope> selector) {
        long now = clock.millis();
        moveDue(now);
        Iterator<QueueEntry> it = ready.iterator();
        while (it.hasNext()) {
            QueueEntry entry = it.next();
            if (entry.envelope.isExpired(now)) {
                it.remove();
                dropExpired(entry);
                continue;
            }
            if (selector == null || selector.test(entry.envelope)) {
                it.remove();
                return entry;
            }
        }
        return null;
    }

    private void dropExpired(QueueEntry entry) {
        expiredCount++;
        forget(entry);
        if (entry.storeId != 0) {
            storage.remove(entry.storeId);
        }
        LOG.debug("queue '{}': dropped expired message {}", destination.name(), entry.envelope.messageId());
    }

    /** Frees the space an entry took; lock held. */
    private void forget(QueueEntry entry) {
        room.free(1, entry.size);
        if (entry.storeId != 0) {
            storedHeld--;
        }
    }

    /** An entry taken by a reader is settled (acknowledged or given back); lock held. */
    private void settled(QueueEntry entry) {
        inFlight--;
        if (entry.storeId != 0) {
            storedInFlight--;
        }
    }

    private void moveDue(long now) {
        delayed.moveDue(now, ready);
    }

    /** The delayed entries' timer (timer thread): moves what is due, wakes takers and subscribers. */
    private void onDueTimer() {
        boolean moved;
        lock.lock();
        try {
            long now = clock.millis();
            moved = delayed.moveDue(now, ready);
            if (moved) {
                messageAvailable.signalAll();
            }
            delayed.timerFired(now);
        } finally {
            lock.unlock();
        }
        if (moved) {
            notifySubscribers();
        }
    }

    /** Called by {@link Delivery#acknowledge()}. */
    void acknowledged(QueueEntry entry) {
        lock.lock();
        try {
            settled(entry);
            forget(entry);
        } finally {
            lock.unlock();
        }
        if (entry.storeId != 0) {
            storage.remove(entry.storeId);
        }
    }

    /** Called by {@link Delivery#release}: the entry goes back to its place (or waits until notBefore). */
    void released(QueueEntry entry, FpmEnvelope next, long notBefore) {
        lock.lock();
        try {
            settled(entry);
            if (closed) {
                forget(entry);
                if (deleted && entry.storeId != 0) {
                    storage.remove(entry.storeId);
                }
                return;
            }
            if (entry.storeId != 0 && next.deliveryCount() != entry.envelope.deliveryCount()) {
                storage.updateDeliveryCount(entry.storeId, next.deliveryCount());
            }
            entry.envelope = next;
            entry.notBefore = notBefore;
            add(entry, clock.millis());
        } finally {
            lock.unlock();
        }
        notifySubscribers();
    }

    private void notifySubscribers() {
        for (Subscription s : subscriptions) {
            s.signalAvailable();
        }
    }

    /**
     * The ready messages the selector accepts, in delivery order, without taking them. Expired
     * and not yet due messages are left out.
     */
    public List<FpmEnvelope> browse(Predicate<FpmEnvelope> selector) {
        lock.lock();
        try {
            long now = clock.millis();
            moveDue(now);
            return selected(ready, selector, now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The messages waiting to be taken that the selector accepts, in delivery order: the ready
     * ones and those waiting for a retry's backoff (their delivery time has come). Messages with
     * a delivery delay not yet due, and expired ones, are left out. For the backlog of a worker
     * queue's outbound side ({@link BrowseView}).
     */
    List<FpmEnvelope> browseWaiting(Predicate<FpmEnvelope> selector) {
        lock.lock();
        try {
            long now = clock.millis();
            moveDue(now);
            TreeSet<QueueEntry> waiting = new TreeSet<>(QueueEntry.DELIVERY_ORDER);
            waiting.addAll(ready);
            for (QueueEntry entry : delayed.snapshot()) {
                if (entry.envelope.deliveryTime() <= now) {
                    waiting.add(entry);
                }
            }
            return selected(waiting, selector, now);
        } finally {
            lock.unlock();
        }
    }

    private static List<FpmEnvelope> selected(Iterable<QueueEntry> entries, Predicate<FpmEnvelope> selector, long now) {
        List<FpmEnvelope> out = new ArrayList<>();
        for (QueueEntry entry : entries) {
            if (!entry.envelope.isExpired(now) && (selector == null || selector.test(entry.envelope))) {
                out.add(entry.envelope);
            }
        }
        return out;
    }

    /** Messages held: ready, delayed, in flight, and being written to the store. */
    public long size() {
        lock.lock();
        try {
            return room.messages();
        } finally {
            lock.unlock();
        }
    }

    /** Estimated bytes held. */
    public long bytes() {
        lock.lock();
        try {
            return room.bytes();
        } finally {
            lock.unlock();
        }
    }

    /** Messages delivered and not yet acknowledged or released. */
    public long inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the queue holds now, split by what a shutdown would lose: messages held in memory only
     * (waiting or delayed, and taken but not yet settled) and messages in the store (which a
     * shutdown keeps). Messages whose store write has not completed yet are not counted.
     */
    Holdings holdings() {
        lock.lock();
        try {
            long waiting = ready.size() + delayed.size();
            long storedWaiting = storedHeld - storedInFlight;
            return new Holdings(waiting - storedWaiting, inFlight - storedInFlight, storedHeld);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts of {@link #holdings()}.
     *
     * @param memoryWaiting  in memory only, waiting or delayed
     * @param memoryInFlight in memory only, taken by a reader (a consumer, or php-fpm for a
     *                       worker queue) and not yet settled
     * @param stored         in the store, waiting or taken
     */
    record Holdings(long memoryWaiting, long memoryInFlight, long stored) {
        /** Nothing held (a subscription's worker queue has no reply side). */
        static final Holdings NONE = new Holdings(0, 0, 0);

        long memoryOnly() {
            return memoryWaiting + memoryInFlight;
        }
    }

    /** Messages dropped because they expired. */
    public long expiredCount() {
        lock.lock();
        try {
            return expiredCount;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the queue: waiting messages are dropped, blocked producers and consumers are woken
     * (producers fail with IllegalStateException, consumers get nothing).
     *
     * @return how many waiting messages were dropped
     */
    public int close() {
        return close(false);
    }

    /**
     * Deletes the queue for good, as {@link #close()} does, and removes its waiting messages from
     * the store too (an unsubscribed durable subscription). Messages in flight are removed when
     * they are acknowledged or given back.
     *
     * @return how many waiting messages were dropped
     */
    public int delete() {
        return close(true);
    }

    private int close(boolean removeStored) {
        int dropped;
        lock.lock();
        try {
            closed = true;
            deleted |= removeStored;
            dropped = ready.size() + delayed.size();
            for (QueueEntry e : ready) {
                forget(e);
                if (removeStored && e.storeId != 0) {
                    storage.remove(e.storeId);
                }
            }
            for (QueueEntry e : delayed.clear()) {
                forget(e);
                if (removeStored && e.storeId != 0) {
                    storage.remove(e.storeId);
                }
            }
            ready.clear();
            messageAvailable.signalAll();
            room.wakeWaiters();
        } finally {
            lock.unlock();
        }
        notifySubscribers();
        return dropped;
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("queue '" + destination.name() + "' has been deleted");
        }
    }

    /** Wakes threads blocked in {@link #take} so they re-check their subscription. */
    void wakeTakers() {
        lock.lock();
        try {
            messageAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "LocalQueue[" + destination + "]";
    }
}
