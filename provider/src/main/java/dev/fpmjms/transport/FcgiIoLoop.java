package dev.fpmjms.transport;

import dev.fpmjms.threads.Wakeups;
import dev.fpmjms.fastcgi.FcgiLimitException;
import dev.fpmjms.fastcgi.FcgiProtocolException;
import dev.fpmjms.fastcgi.FcgiReplyMemory;
import dev.fpmjms.transport.FcgiTransportException.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The selector loop of one {@link FcgiClient}: runs every exchange of the client on one thread
 * with non-blocking channels, keeps at most {@code maxInFlight} exchanges in progress (the rest
 * wait in FIFO order), pools kept connections, and enforces timeouts from deadlines checked after
 * every select.
 *
 * <p>Threading: {@link #submit} and {@link #close} may be called from any thread; everything else
 * runs on the loop thread. Futures are completed on the loop thread.
 *
 * <p>Stale keep-alive connections: php-fpm closes a kept connection whenever it likes between
 * requests (the child reached {@code pm.max_requests}, was recycled, or the pool reloaded). An idle
 * connection is watched for EOF and dropped, but php-fpm may close it just as a request is being
 * sent. When a <em>reused</em> connection fails on write, or reaches EOF/reset before a single
 * reply byte arrived, the request is resent once on a fresh connection. Why that is safe: php-fpm
 * writes output (at least the CGI head, at the latest when the script ends) before it ends a
 * request, and a child that closes an idle connection does so before reading the next request, so
 * "reused connection, zero reply bytes" means a closed idle connection in practice. The remaining
 * risk is a worker crashing (segfault, kill) before any output on a reused connection; that
 * request runs twice, which at-least-once delivery allows. A fresh connection is never retried
 * here: its failures go to the caller, classified by how far the request got.
 *
 * <p>A loop that dies (anything thrown out of a turn: an {@link Error}, a bug) is never left
 * dead: it asks its client for a successor ({@code onDeath}), fails the exchanges it had in
 * progress (they may have run) and hands every exchange that had not started, and every later
 * {@link #submit}, to the successor. Only a loop closed by its client fails what is submitted.
 *
 * <p>Sharing the pool ({@link FcgiPoolShare}): a kept connection stays open unused for at most
 * {@code idleLinger}; the number of requests started is the share's limit, not {@code maxInFlight};
 * no connection is kept while the share's probe waits; and the read timeout runs from the moment a
 * child is known to have the request. Until then the request is waiting for a child (in the
 * listen backlog) and keeps waiting: giving it up would not take its bytes out of the socket, and
 * php-fpm would run it when a child frees, so each retry would add work to a pool that has too much
 * (on a saturated pool that feeds itself). Only after {@value #CHILD_WAIT_READ_TIMEOUTS} read
 * timeouts does it fail as {@link Failure#NOT_DELIVERED}, which is not counted as a delivery; it
 * may then run twice (at-least-once).
 * The probe under way and what the share learns about acceptance are applied by
 * {@link FcgiPoolProbe}; this loop opens the probe's connection and closes idle ones.
 *
 * <p>Pipelining ({@link FcgiClientSettings#pipeline()}): while every slot is busy, the next waiting
 * request is written behind one in progress on a kept connection whose child is known, one behind
 * each at most, outside the in-flight count (it takes no child of its own). php-fpm reads a kept
 * connection's requests one after the other, so the child finds it when it ends the one in front.
 * When the one in front completes, the one behind takes the connection, its read timeout starting
 * then, and the rest of that read is its reply's; when the one in front fails (EOF, reset, timeout,
 * a bad reply), the one behind never started and fails as {@link Failure#NOT_DELIVERED} (php-fpm
 * drops a connection's unread requests when the reply cannot be written; where it could still read
 * one, it runs twice, which at-least-once allows). A child at {@code pm.max_requests} answers its
 * last request, then reads and discards what follows and closes: a request behind that gets EOF
 * with no reply byte never ran and is resent on a fresh connection, whatever it went through
 * before; a stale keep-alive resend of the one in front puts the one behind first in line. The
 * cost is head-of-line blocking: the request behind waits for the one in front even if another
 * child frees. Writing, handing over and unlinking the request behind is {@link FcgiPipeline}'s;
 * this loop decides when to pipeline and what becomes of a request unlinked.
 */
final class FcgiIoLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FcgiIoLoop.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** Reads per readiness event, so one large reply cannot starve the other connections. */
    private static final int READS_PER_EVENT = 16;
    /** How many read timeouts a request waits for a php-fpm child before it is given up. */
    static final int CHILD_WAIT_READ_TIMEOUTS = 10;

    private final FcgiEndpoint endpoint;
    private final FcgiClientSettings settings;
    private final Selector selector;
    private final Queue<FcgiExchange<?>> submitted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<FcgiExchange<?>> waiting = new ArrayDeque<>();
    private final ArrayDeque<FcgiExchange<?>> restarts = new ArrayDeque<>();
    private final List<FcgiExchange<?>> active = new ArrayList<>();
    private final ArrayDeque<FcgiConnection> idle = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private volatile boolean closing;
    /** The thread running {@link #run()}; set when it starts. */
    private volatile Thread loopThread;
    /** One instance, so that {@link Wakeups} wakes the selector once per batch of submits. */
    private final Runnable wakeSelector;
    private volatile int inFlight;
    private volatile int peakInFlight;
    private final FcgiReplyMemory replyMemory;
    private final BiFunction<FcgiIoLoop, Throwable, FcgiIoLoop> onDeath;
    /** The loop that took over after this one died; written before {@link #closing}. */
    private volatile FcgiIoLoop successor;
    private final FcgiPoolShare share;
    private final long lingerNanos;
    /** The share's probe: under way or not; while it is, it is in {@link #active}. */
    private final FcgiPoolProbe probe;
    /** Requests written behind others (pipelining) on {@link #active}'s connections. */
    private final FcgiPipeline pipeline;

    /**
     * @param replyMemory the budget reply buffers are reserved from
     * @param onDeath     called on this loop's thread when the loop dies, with the cause; returns
     *                    the started loop that takes over, or {@code null} when there is none
     *                    (the client is closed)
     */
    FcgiIoLoop(FcgiEndpoint endpoint, FcgiClientSettings settings, FcgiReplyMemory replyMemory,
               BiFunction<FcgiIoLoop, Throwable, FcgiIoLoop> onDeath) throws IOException {
        this.endpoint = endpoint;
        this.settings = settings;
        this.replyMemory = replyMemory;
        this.onDeath = onDeath;
        this.selector = Selector.open();
        this.wakeSelector = selector::wakeup;
        this.share = new FcgiPoolShare(endpoint, settings.maxInFlight(), settings.saturationWait().toNanos(),
                System.nanoTime());
        this.lingerNanos = settings.idleLinger().toNanos();
        this.probe = new FcgiPoolProbe(share, settings, active);
        this.pipeline = new FcgiPipeline(this, settings, active, waiting, probe);
    }

    FcgiReplyMemory replyMemory() {
        return replyMemory;
    }

    /**
     * Queues an exchange; any thread. When the loop is closing, the exchange goes to the loop
     * that took over from this one, or fails at once when there is none.
     */
    void submit(FcgiExchange<?> x) {
        if (closing) {
            handOff(x);
            return;
        }
        submitted.add(x);
        // The loop drains the queue once more after it sees 'closing'; whatever lands after that is handed off here.
        if (closing && submitted.remove(x)) {
            handOff(x);
            return;
        }
        // The loop drains the queue before its next select: a submit from the loop itself (a
        // completion callback starting the next request) needs no wakeup, which would cost an
        // eventfd write, an extra epoll_wait and a drain read per request.
        if (Thread.currentThread() != loopThread) {
            Wakeups.wake(wakeSelector); // at the end of the caller's batch, if it runs one
        }
    }

    void close() {
        closing = true;
        selector.wakeup();
    }

    int inFlight() {
        return inFlight;
    }

    int peakInFlight() {
        return peakInFlight;
    }

    private void handOff(FcgiExchange<?> x) {
        FcgiIoLoop next = successor;
        if (next != null) {
            next.submit(x);
        } else {
            x.future.completeExceptionally(closedFailure(x));
        }
    }

    /** The in-flight limit in force now, 1 to {@code maxInFlight}. */
    int limit() {
        return share.limit();
    }

    @Override
    public void run() {
        loopThread = Thread.currentThread();
        Throwable died = null;
        try {
            while (!closing) {
                turn();
            }
        } catch (Throwable e) {
            died = e;
        } finally {
            FcgiIoLoop next = null;
            if (died != null) {
                LOG.error("FastCGI client I/O loop for {} died; failing the {} requests in progress, handing the"
                        + " others to a new loop", endpoint, active.size(), died);
                next = takeOver(died);
            }
            successor = next;
            closing = true;
            shutdown(next, died);
        }
    }

    private FcgiIoLoop takeOver(Throwable died) {
        try {
            return onDeath.apply(this, died);
        } catch (Throwable e) {
            LOG.error("FastCGI client for {}: no new I/O loop could be started; failing every request", endpoint, e);
            return null;
        }
    }

    /**
     * One round of the loop. A method of its own rather than the body of {@link #run()}'s loop so
     * that the JIT compiles it as an ordinary method: an on-stack replacement of the whole
     * never-ending loop, with every callback inlined, is recompiled from scratch whenever a new
     * callback type shows up, which cost seconds of compiler time on a loaded machine.
     */
    private void turn() throws IOException {
        drainSubmitted();
        startExchanges();
        // The replies of one round are settled together: the threads they wake (sessions'
        // listener threads, say) are woken once each, after the round. (The callbacks run once
        // select's wait is over, so no wake-up is held back while it blocks.)
        boolean outermost = Wakeups.begin();
        try {
            // A callback run by startExchanges (a failed connect) may have submitted again.
            if (restarts.isEmpty() && submitted.isEmpty()) {
                selector.select(this::onReady, selectTimeoutMillis());
            } else {
                selector.selectNow(this::onReady);
            }
            expireDeadlines();
            shareThePool();
        } finally {
            Wakeups.end(outermost);
        }
    }

    private void drainSubmitted() {
        for (FcgiExchange<?> x; (x = submitted.poll()) != null; ) {
            waiting.add(x);
        }
    }

    private void startExchanges() {
        for (FcgiExchange<?> x; (x = restarts.poll()) != null; ) {
            if (x.phase != FcgiExchange.Phase.DONE) {
                openFresh(x);
            }
        }
        while (requests() < share.limit() && !waiting.isEmpty()) {
            FcgiExchange<?> x = waiting.poll();
            if (x.future.isDone()) {
                continue; // cancelled by the caller while waiting
            }
            active.add(x);
            inFlight = requests();
            if (inFlight > peakInFlight) {
                peakInFlight = inFlight;
            }
            FcgiConnection c = x.oneShot ? null : idle.pollLast();
            if (c != null) {
                attach(x, c);
                beginWrite(x, c);
            } else {
                openFresh(x);
            }
        }
        if (settings.pipeline() && !waiting.isEmpty() && !closing && !share.probing() && requests() >= share.limit()) {
            pipeline.fill();
        }
    }

    /** Requests in progress, the probe not counted. */
    private int requests() {
        return probe.inProgress() ? active.size() - 1 : active.size();
    }

    private boolean hasWork() {
        return requests() > 0 || !waiting.isEmpty();
    }

    private long selectTimeoutMillis() {
        long now = System.nanoTime();
        long earliest = share.nanosToNextEvent(now, hasWork());
        for (FcgiExchange<?> x : active) {
            if (x.phase != FcgiExchange.Phase.WAITING) {
                earliest = Math.min(earliest, x.deadline - now);
            }
        }
        if (!idle.isEmpty()) {
            earliest = Math.min(earliest, idle.peekFirst().idleSince + lingerNanos - now);
        }
        if (earliest == Long.MAX_VALUE) {
            return 0; // no deadline: wait for I/O or a wakeup
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest) + 1);
    }

    private void openFresh(FcgiExchange<?> x) {
        // Every open connection may pin a php-fpm child: never hold more than maxInFlight.
        long now = System.nanoTime();
        if (!idle.isEmpty() && openConnections() >= settings.maxInFlight()) {
            closeIdle(idle.pollFirst(), now);
        }
        x.beginAttempt();
        x.phase = FcgiExchange.Phase.CONNECTING;
        x.deadline = now + settings.connectTimeout().toNanos();
        SocketChannel ch = null;
        try {
            ch = endpoint.openChannel();
            FcgiConnection c = new FcgiConnection(ch, share.nextConnection(), now);
            c.accepted = share.isAccepted(c.order);
            boolean connected = ch.connect(endpoint.socketAddress());
            c.key = ch.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, c);
            attach(x, c);
            if (connected) {
                beginWrite(x, c);
            }
        } catch (IOException | UnresolvedAddressException e) {
            closeQuietly(ch);
            connectFailed(x, "cannot connect", e);
        }
    }

    private int openConnections() {
        return idle.size() + requestConnections() + (probe.hasConnection() ? 1 : 0);
    }

    /** Connections that requests (not the probe) are using now. */
    private int requestConnections() {
        int n = 0;
        for (FcgiExchange<?> x : active) {
            if (x.connection != null && !probe.is(x)) {
                n++;
            }
        }
        return n;
    }

    /** An idle connection is closed by the client: its child goes back to the pool. */
    private void closeIdle(FcgiConnection c, long now) {
        c.close();
        share.gaveBack(now);
    }

    private static void attach(FcgiExchange<?> x, FcgiConnection c) {
        x.connection = c;
        x.connectionOrder = c.order;
        c.exchange = x;
    }

    private void onReady(SelectionKey key) {
        FcgiConnection c = (FcgiConnection) key.attachment();
        FcgiExchange<?> x = c.exchange;
        if (x == null) {
            // An idle kept connection became readable: php-fpm closed it (or sent junk). Drop it.
            idle.remove(c);
            c.close();
            return;
        }
        try {
            if (key.isValid() && key.isConnectable()) {
                finishConnect(x, c);
            }
            if (key.isValid() && key.isWritable() && x.connection == c) {
                writeSome(x, c);
                pipeline.writeMore(x, c);
            }
            if (key.isValid() && key.isReadable() && x.connection == c) {
                readSome(x, c);
            }
        } catch (RuntimeException e) {
            c.close();
            finish(x, null, new FcgiTransportException(Failure.INVALID_RESPONSE,
                    describe(x, "failed unexpectedly"), e));
        }
    }

    private void finishConnect(FcgiExchange<?> x, FcgiConnection c) {
        try {
            if (c.channel.finishConnect()) {
                beginWrite(x, c);
            }
        } catch (IOException e) {
            c.close();
            x.connection = null;
            connectFailed(x, "cannot connect", e);
        }
    }

    private void beginWrite(FcgiExchange<?> x, FcgiConnection c) {
        if (c.isReused()) {
            x.beginAttempt();
        }
        x.phase = FcgiExchange.Phase.WRITING;
        x.deadline = requestDeadline(c, System.nanoTime());
        writeSome(x, c);
        if (x.phase == FcgiExchange.Phase.WRITING && x.connection == c) {
            c.interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // the rest when the socket takes it
        }
    }

    private void writeSome(FcgiExchange<?> x, FcgiConnection c) {
        if (x.fullyWritten()) {
            return;
        }
        try {
            long n = c.channel.write(x.out, x.outIndex, x.out.length - x.outIndex);
            x.bytesWritten += n;
            x.everWritten |= n > 0;
        } catch (IOException e) {
            connectionLost(x, c, "writing the request", e);
            return;
        }
        if (x.advance()) {
            x.phase = FcgiExchange.Phase.READING;
            x.deadline = requestDeadline(c, System.nanoTime());
            c.interest(SelectionKey.OP_READ);
        }
    }

    /**
     * The read timeout runs from now once a child is known to have the request; before that the
     * request waits for a child, at most {@value #CHILD_WAIT_READ_TIMEOUTS} read timeouts from the connect.
     */
    private long requestDeadline(FcgiConnection c, long now) {
        return c.accepted ? now + settings.readTimeout().toNanos()
                : c.openedAt + CHILD_WAIT_READ_TIMEOUTS * settings.readTimeout().toNanos();
    }

    private void readSome(FcgiExchange<?> x, FcgiConnection c) {
        for (int i = 0; i < READS_PER_EVENT; i++) {
            readBuffer.clear();
            int n;
            try {
                n = c.channel.read(readBuffer);
            } catch (IOException e) {
                connectionLost(x, c, "reading the reply", e);
                return;
            }
            if (n < 0) {
                connectionLost(x, c, "reading the reply", null);
                return;
            }
            if (n == 0) {
                return;
            }
            if (!c.accepted) {
                c.accepted = true;
                long now = System.nanoTime();
                x.deadline = now + settings.readTimeout().toNanos();
                if (share.accepted(c.order)) {
                    probe.acceptedUpTo(now);
                }
            }
            readBuffer.flip();
            // One read may end a reply and start the next one on the connection (a request
            // written behind it): the bytes after the end belong to that one.
            while (readBuffer.hasRemaining()) {
                x.bytesRead += readBuffer.remaining();
                Object result;
                try {
                    x.reply.feed(readBuffer);
                    result = x.reply.result();
                } catch (FcgiLimitException e) {
                    c.close();
                    boolean memory = e.limit() == FcgiLimitException.Limit.REPLY_MEMORY;
                    finish(x, null, new FcgiTransportException(memory ? Failure.NO_REPLY_MEMORY : Failure.REPLY_TOO_LARGE,
                            describe(x, (memory ? "sent a reply that cannot be buffered: " : "sent a reply over its limit: ")
                                    + e.getMessage()), e));
                    return;
                } catch (FcgiProtocolException e) {
                    c.close();
                    finish(x, null, new FcgiTransportException(Failure.INVALID_RESPONSE,
                            describe(x, "sent an invalid reply: " + e.getMessage()), e));
                    return;
                }
                if (result == null) {
                    continue;
                }
                x.bytesRead -= readBuffer.remaining();
                succeed(x, c, result);
                FcgiExchange<?> next = c.exchange;
                if (next == null || next.connection != c) {
                    if (readBuffer.hasRemaining() && c.exchange == null && idle.remove(c)) {
                        // Bytes after the reply with nothing behind it: not a connection to reuse.
                        closeIdle(c, System.nanoTime());
                    }
                    return;
                }
                x = next;
            }
        }
    }

    private void succeed(FcgiExchange<?> x, FcgiConnection c, Object result) {
        c.served++;
        // While the probe waits every child goes back to the pool (FcgiPoolShare), and so does one
        // over the limit after the limit went down.
        boolean keep = !x.oneShot && x.fullyWritten() && !closing && idle.size() < settings.maxIdleConnections()
                && !share.probing() && requestConnections() <= share.limit();
        // A request written behind x takes the connection whatever the limit says (FcgiPipeline.handOver);
        // with none, the connection is kept or closed.
        if (!pipeline.handOver(x, c)) {
            if (keep) {
                c.exchange = null;
                c.idleSince = System.nanoTime();
                c.interest(SelectionKey.OP_READ); // readable while idle means EOF: see onReady
                idle.addLast(c);
            } else {
                c.close();
                if (!probe.is(x)) {
                    share.gaveBack(System.nanoTime());
                }
            }
        }
        x.connection = null;
        // The freed slot (and the connection just kept) goes to a waiting request before the
        // reply's callbacks run: php-fpm's child gets its next request while it is still finishing
        // the last one, instead of going to sleep and being woken a few dozen µs later.
        retire(x);
        if (!closing) {
            drainSubmitted();
            startExchanges();
        }
        complete(x, result, null);
        // A callback that submitted the next request (a worker queue dispatching its next message)
        // gets it written now, on the connection just kept, rather than after the round's other
        // ready connections and the wake-ups at its end: the child does not wait for them.
        if (!closing && !submitted.isEmpty()) {
            drainSubmitted();
            startExchanges();
        }
    }

    /** EOF, reset or a write error on a connected channel; {@code e} is null for EOF. */
    private void connectionLost(FcgiExchange<?> x, FcgiConnection c, String during, IOException e) {
        // A request written behind another that gets no reply byte never ran: a child at
        // pm.max_requests reads and discards what follows its last request.
        boolean stale = c.isReused() && x.bytesRead == 0 && (!x.retried || x.wasBehind) && !closing;
        c.close();
        x.connection = null;
        if (stale && x.behind != null) {
            // Never started either: it waits first in line for a connection of its own.
            waiting.addFirst(FcgiPipeline.takeBehind(x));
        }
        String what = (e == null ? "closed the connection" : "failed: " + e) + " while " + during;
        if (stale) {
            LOG.debug("{}: reused keep-alive connection {} with no reply byte; resending once on a fresh connection",
                    endpoint, what);
            x.retried = true;
            x.phase = FcgiExchange.Phase.WAITING;
            restarts.add(x);
            return;
        }
        Failure f = x.everWritten ? Failure.LOST_AFTER_WRITE : Failure.NOT_DELIVERED;
        finish(x, null, new FcgiTransportException(f, describe(x, what), e));
    }

    private void connectFailed(FcgiExchange<?> x, String what, Exception e) {
        // After a resend of a stale keep-alive request the first copy may have run: say so.
        Failure f = x.everWritten ? Failure.LOST_AFTER_WRITE : Failure.NOT_DELIVERED;
        finish(x, null, new FcgiTransportException(f, describe(x, what + ": " + e), e));
    }

    private void expireDeadlines() {
        long now = System.nanoTime();
        for (int i = active.size() - 1; i >= 0; i--) {
            if (i >= active.size()) {
                continue;
            }
            FcgiExchange<?> x = active.get(i);
            if (x.deadline - now > 0 || x.phase == FcgiExchange.Phase.WAITING) {
                continue;
            }
            boolean waitedForChild = x.connection != null && !x.connection.accepted;
            if (x.connection != null) {
                x.connection.close();
                x.connection = null;
            }
            if (x.phase == FcgiExchange.Phase.CONNECTING) {
                connectFailed(x, "connect timed out after " + settings.connectTimeout().toMillis() + " ms",
                        new java.net.SocketTimeoutException("connect timed out"));
            } else if (waitedForChild) {
                finish(x, null, new FcgiTransportException(Failure.NOT_DELIVERED, describe(x,
                        "gave no child to the request within " + CHILD_WAIT_READ_TIMEOUTS + " read timeouts ("
                                + CHILD_WAIT_READ_TIMEOUTS * settings.readTimeout().toMillis() + " ms): the pool is"
                                + " saturated (the request was written and php-fpm may still run it when a child frees)"),
                        null));
            } else {
                finish(x, null, new FcgiTransportException(Failure.TIMED_OUT, describe(x,
                        "sent no complete reply within the read timeout of " + settings.readTimeout().toMillis()
                                + " ms"), null));
            }
        }
    }

    /**
     * Ends {@code x} (its slot freed, its future completed) and fails the request written behind
     * it, which never started; loop thread only (also called by {@link FcgiPipeline}).
     */
    void finish(FcgiExchange<?> x, Object result, Throwable failure) {
        FcgiExchange<?> b = FcgiPipeline.takeBehind(x);
        retire(x);
        complete(x, result, failure);
        if (b != null) {
            // php-fpm reads a connection's requests one after the other: the one behind never started.
            finish(b, null, new FcgiTransportException(Failure.NOT_DELIVERED,
                    describe(b, "was not started: the request in front of it on the connection failed"), failure));
        }
    }

    /** The exchange is over: its in-flight slot is free. */
    private void retire(FcgiExchange<?> x) {
        x.releaseMemory(); // a reply handed over belongs to the caller now; a failed one is garbage
        x.phase = FcgiExchange.Phase.DONE;
        active.remove(x);
        inFlight = requests();
    }

    /**
     * After each round: closes idle connections that lingered long enough, lets the share judge
     * its probe, and starts the next probe when one is due and there is work.
     */
    private void shareThePool() {
        long now = System.nanoTime();
        while (!idle.isEmpty() && now - idle.peekFirst().idleSince >= lingerNanos) {
            closeIdle(idle.pollFirst(), now);
        }
        share.tick(now);
        if (!probe.underWay() && !closing && share.probeDue(now) && hasWork()) {
            startProbe(now);
        }
    }

    /**
     * Starts the share's probe ({@link FcgiPoolProbe}) on a fresh connection: no connection is kept
     * while it waits, so the idle ones are closed first.
     */
    private void startProbe(long now) {
        share.probeStarted(requests() > 0 || !idle.isEmpty(), now);
        while (!idle.isEmpty()) {
            closeIdle(idle.pollFirst(), now);
        }
        FcgiExchange<?> p = probe.start();
        active.add(p);
        openFresh(p);
    }

    /** Completes the caller's future, which runs its callbacks on this thread. */
    @SuppressWarnings("unchecked")
    private static void complete(FcgiExchange<?> x, Object result, Throwable failure) {
        if (failure == null) {
            ((FcgiExchange<Object>) x).future.complete(result);
        } else {
            x.future.completeExceptionally(failure);
        }
    }

    /** A failure's message: what php-fpm did, and how far {@code x} got. Also used by {@link FcgiPipeline}. */
    String describe(FcgiExchange<?> x, String what) {
        return "php-fpm at " + endpoint + " " + what + " (" + x.what + ": " + x.bytesWritten
                + " bytes written, " + x.bytesRead + " reply bytes read"
                + (x.retried ? ", resent once after a stale keep-alive connection" : "") + ")";
    }

    /**
     * The loop's state for a diagnostic dump: exchanges in progress (phase, connection, how long
     * until their deadline), the waiting ones, idle connections and the share's state. Read from
     * any thread without a lock: a racy snapshot, never for decisions; a collection changing under
     * the read is said so instead of failing.
     */
    String describe() {
        long now = System.nanoTime();
        StringBuilder b = new StringBuilder();
        b.append("loop ").append(closing ? "closing" : "running").append(", thread ")
                .append(loopThread == null ? "not started" : loopThread.getName() + " " + loopThread.getState())
                .append("; limit ").append(share.limit()).append(" of ").append(settings.maxInFlight())
                .append(", inFlight ").append(inFlight)
                .append(", pipelined ").append(pipeline.pipelined()).append(", ").append(share.describe(now));
        try {
            b.append("; active ").append(active.size()).append(":");
            for (FcgiExchange<?> x : List.copyOf(active)) {
                FcgiConnection c = x.connection;
                b.append(" [").append(probe.is(x) ? "probe" : x.what).append(' ').append(x.phase)
                        .append(x.phase == FcgiExchange.Phase.WAITING ? "" : " deadline in "
                                + TimeUnit.NANOSECONDS.toMillis(x.deadline - now) + " ms")
                        .append(", written ").append(x.bytesWritten).append(x.fullyWritten() ? " (all)" : "")
                        .append(", read ").append(x.bytesRead).append(x.retried ? ", resent" : "")
                        .append(x.future.isDone() ? ", future done" : "")
                        .append(x.behind == null ? "" : ", one behind written " + x.behind.bytesWritten
                                + (x.behind.fullyWritten() ? " (all)" : ""));
                if (c != null) {
                    b.append(", conn #").append(c.order).append(c.accepted ? " accepted" : " not accepted")
                            .append(" served ").append(c.served).append(" opened ")
                            .append(TimeUnit.NANOSECONDS.toMillis(now - c.openedAt)).append(" ms ago")
                            .append(c.key == null ? "" : c.key.isValid() ? " interest " + c.key.interestOps() : " key cancelled")
                            .append(c.channel.isOpen() ? "" : " channel closed");
                } else {
                    b.append(", no connection");
                }
                b.append(']');
            }
            b.append("; waiting ").append(waiting.size()).append(", submitted ").append(submitted.size())
                    .append(", restarts ").append(restarts.size()).append("; idle ").append(idle.size()).append(':');
            for (FcgiConnection c : List.copyOf(idle)) {
                b.append(" #").append(c.order).append(" for ").append(TimeUnit.NANOSECONDS.toMillis(now - c.idleSince))
                        .append(" ms");
            }
            b.append("; selector keys ").append(selector.isOpen() ? selector.keys().size() : -1);
        } catch (RuntimeException e) {
            b.append(" (changed while read: ").append(e).append(')');
        }
        return b.toString();
    }

    private FcgiTransportException closedFailure(FcgiExchange<?> x) {
        return new FcgiTransportException(Failure.NOT_DELIVERED,
                "FastCGI client for " + endpoint + " is closed: " + x.what + " not sent", null);
    }

    /**
     * Ends the loop: exchanges not started go to {@code next} (or fail when it is null), the ones in
     * progress fail by how far they got, connections close.
     */
    private void shutdown(FcgiIoLoop next, Throwable died) {
        drainSubmitted();
        for (FcgiExchange<?> x : restarts) {
            if (x.phase != FcgiExchange.Phase.DONE) {
                waiting.addFirst(x); // a stale keep-alive resend keeps its place at the front
            }
        }
        restarts.clear();
        for (FcgiExchange<?> x : waiting) {
            if (next != null) {
                next.submit(x);
            } else {
                x.future.completeExceptionally(closedFailure(x));
            }
        }
        waiting.clear();
        String why = died == null ? "was abandoned: the client was closed"
                : "was abandoned: the client's I/O loop died (" + died + ")";
        for (FcgiExchange<?> x : List.copyOf(active)) {
            if (x.connection != null) {
                x.connection.close();
            }
            if (x.behind != null && next != null) {
                // Written behind a request in progress, so never started: the successor sends it again.
                next.submit(FcgiPipeline.takeBehind(x));
            }
            Failure f = x.everWritten ? Failure.LOST_AFTER_WRITE : Failure.NOT_DELIVERED;
            finish(x, null, new FcgiTransportException(f, describe(x, why), died));
        }
        for (FcgiConnection c : idle) {
            c.close();
        }
        idle.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector of {}: {}", endpoint, e.toString());
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Already failing; the connect error is what the caller needs.
            }
        }
    }
}
