package dev.fpmjms.transport;

import dev.fpmjms.transport.FcgiTransportException.Failure;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Pipelining ({@link FcgiClientSettings#pipeline()}) for one {@link FcgiIoLoop}: writes a waiting
 * request behind one in progress on a kept connection ({@link FcgiExchange#behind}, one behind each
 * at most), hands the connection to it when the one in front completes, and unlinks it when the
 * one in front fails or loses its connection. What becomes of the request behind in each case is
 * stated in {@link FcgiIoLoop}'s Javadoc; the loop decides when to pipeline and what to do with a
 * request unlinked by {@link #takeBehind}.
 *
 * <p>Threading: the loop thread only. It works on the loop's own list of requests in progress and
 * queue of waiting requests (the same objects, shared, not copied); only {@link #pipelined()} may be
 * read from any thread. Nothing here blocks, and nothing is allocated but a failure. Failure: a
 * request whose write behind another fails is finished by the loop as
 * {@link Failure#NOT_DELIVERED}; the request in front finds the broken connection when it reads.
 */
final class FcgiPipeline {

    private final FcgiIoLoop loop;
    private final FcgiClientSettings settings;
    private final List<FcgiExchange<?>> active;
    private final ArrayDeque<FcgiExchange<?>> waiting;
    private final FcgiPoolProbe probe;
    /** Requests written behind another one so far; written by the loop thread only. */
    private volatile long pipelined;

    /**
     * @param active  the loop's requests in progress (and the probe), read here; a request behind
     *                is added when it takes the connection
     * @param waiting the loop's waiting requests, taken from the head in order
     * @param probe   the loop's pool-share probe: nothing is written behind it
     */
    FcgiPipeline(FcgiIoLoop loop, FcgiClientSettings settings, List<FcgiExchange<?>> active,
                 ArrayDeque<FcgiExchange<?>> waiting, FcgiPoolProbe probe) {
        this.loop = loop;
        this.settings = settings;
        this.active = active;
        this.waiting = waiting;
        this.probe = probe;
    }

    /** Requests written behind another one so far; any thread. */
    long pipelined() {
        return pipelined;
    }

    /**
     * Writes waiting requests, in order, behind requests in progress on kept connections, one
     * behind each at most, so that the child finds its next request when it ends one instead of
     * sleeping until this thread writes it. Only behind a request written in full on a connection a
     * child is known to have; a one-shot request waits for a connection of its own, and so does
     * everything after it. A cancelled waiting request is dropped from the queue.
     */
    void fill() {
        for (int i = 0; i < active.size() && !waiting.isEmpty(); i++) {
            FcgiExchange<?> x = active.get(i);
            FcgiConnection c = x.connection;
            if (probe.is(x) || x.oneShot || x.behind != null || c == null || !c.accepted
                    || x.phase != FcgiExchange.Phase.READING) {
                continue;
            }
            FcgiExchange<?> b = waiting.peek();
            if (b.future.isDone()) {
                waiting.poll(); // cancelled by the caller while waiting
                i--;
                continue;
            }
            if (b.oneShot) {
                return;
            }
            waiting.poll();
            x.behind = b;
            b.connection = c;
            b.connectionOrder = c.order;
            b.beginAttempt();
            b.wasBehind = true;
            pipelined++;
            b.phase = FcgiExchange.Phase.WRITING;
            writeBehind(x, b, c);
        }
    }

    /**
     * {@code c} is writable and the request in front, {@code x}, had its turn: writes more of the
     * request behind it, if there is one not yet written in full and {@code x} still has {@code c}.
     */
    void writeMore(FcgiExchange<?> x, FcgiConnection c) {
        FcgiExchange<?> b = x.behind;
        if (b != null && x.connection == c && !b.fullyWritten()) {
            writeBehind(x, b, c);
        }
    }

    /** Writes what the socket takes of the request behind {@code x}; the rest when it is writable. */
    private void writeBehind(FcgiExchange<?> x, FcgiExchange<?> b, FcgiConnection c) {
        try {
            long n = c.channel.write(b.out, b.outIndex, b.out.length - b.outIndex);
            b.bytesWritten += n;
            b.everWritten |= n > 0;
        } catch (IOException e) {
            // The connection is broken: the request in front finds out when it reads.
            takeBehind(x);
            loop.finish(b, null, new FcgiTransportException(Failure.NOT_DELIVERED,
                    loop.describe(b, "failed while it was written behind another request: " + e), e));
            return;
        }
        if (b.advance()) {
            b.phase = FcgiExchange.Phase.READING;
            c.interest(SelectionKey.OP_READ);
        } else {
            c.interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /**
     * {@code x} completed on {@code c}: the request behind it, if any, takes the connection. The
     * child reads the request behind next: it is in progress now (added to the loop's list), its
     * read timeout starting. The connection stays with it whatever the in-flight limit says:
     * closed, the child might still run it.
     *
     * @return whether a request behind took the connection; if not, the loop keeps or closes it
     */
    boolean handOver(FcgiExchange<?> x, FcgiConnection c) {
        FcgiExchange<?> b = x.behind;
        if (b == null) {
            return false;
        }
        x.behind = null;
        c.exchange = b;
        b.phase = b.fullyWritten() ? FcgiExchange.Phase.READING : FcgiExchange.Phase.WRITING;
        b.deadline = System.nanoTime() + settings.readTimeout().toNanos();
        active.add(b);
        return true;
    }

    /**
     * Unlinks the request written behind {@code x}, which never started: it has no connection and
     * waits again, to be resent or failed by the caller. {@code null} when there is none.
     */
    static FcgiExchange<?> takeBehind(FcgiExchange<?> x) {
        FcgiExchange<?> b = x.behind;
        if (b != null) {
            x.behind = null;
            b.connection = null;
            b.phase = FcgiExchange.Phase.WAITING;
        }
        return b;
    }
}
