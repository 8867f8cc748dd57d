package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.FcgiReplyMemory;
import dev.fpmjms.fastcgi.FcgiRequestWriter;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.fastcgi.FcgiRole;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A FastCGI client for one php-fpm endpoint: one request per connection (php-fpm never
 * multiplexes; request id 1), at most {@code maxInFlight} requests in progress (fewer while other
 * clients wait for the pool), the rest waiting in FIFO order, kept connections reused one request
 * at a time when {@code keepAlive} is set and closed after {@code idleLinger} unused; with
 * {@code pipeline}, while every slot is busy, one waiting request may be written behind each one in
 * progress on a kept connection (contracts in {@link FcgiIoLoop}). The rules for sharing the pool
 * with other clients are {@link FcgiPoolShare}'s.
 *
 * <p><b>Design.</b> One selector thread per client drives non-blocking channels; timeouts are
 * deadlines checked after every select. Chosen over blocking channels on a thread pool because it
 * costs one thread per endpoint whatever {@code maxInFlight} is, needs no watchdog to break a
 * blocking read (unix-domain {@code SocketChannel}s have no socket timeouts), and makes the
 * non-blocking connect, which reports a full listen backlog as {@code EAGAIN} instead of blocking,
 * the normal path. php-fpm, not the client, is the bottleneck either way: the selector design
 * wins on threads and timeout handling, not on raw speed (docs/benchmarks.md compares it with the
 * raw round trip).
 *
 * <p><b>Threads.</b> {@link #execute} and {@link #getValues} never block and may be called from
 * any thread. The returned futures are completed <em>on the client's I/O thread</em>: dependent
 * actions must be quick and must not block (use the {@code *Async} variants otherwise), or they
 * stall every request of this client. Cancelling a waiting request's future drops it; cancelling
 * one in progress does not stop php-fpm.
 *
 * <p><b>Failures</b> complete the future with {@link FcgiTransportException}, whose
 * {@link FcgiTransportException.Failure} says how far the request got. A reused keep-alive
 * connection that turns out to be closed before any reply byte is retried once transparently
 * (reasoning in {@link FcgiIoLoop}).
 *
 * <p><b>Memory.</b> Reply buffers are reserved from a {@link FcgiReplyBudget} before they grow: a
 * reply the budget cannot cover fails ({@link FcgiTransportException.Failure#NO_REPLY_MEMORY})
 * and the client goes on. <b>Resilience.</b> If the I/O thread dies (an {@link Error}, a bug), a
 * new one takes over at once: the requests that were in progress fail, waiting and later ones
 * run on the new thread. Only {@link #close()} stops the client.
 */
public final class FcgiClient implements AutoCloseable {

    /** php-fpm serves one request per connection, so every request uses id 1. */
    static final int REQUEST_ID = 1;

    private static final Logger LOG = LoggerFactory.getLogger(FcgiClient.class);

    private final FcgiEndpoint endpoint;
    private final FcgiClientSettings settings;
    private final FcgiReplyMemory replyMemory;
    /** Guards {@link #closed}, {@link #thread} and replacing {@link #loop}. */
    private final Object lock = new Object();
    private volatile FcgiIoLoop loop;
    private Thread thread;
    private boolean closed;
    private volatile int loopRestarts;

    /**
     * A client whose replies are bounded only by the process's reply budget
     * ({@link FcgiReplyBudget#forProcess()}).
     *
     * @throws UncheckedIOException when no selector can be opened
     */
    public FcgiClient(FcgiEndpoint endpoint, FcgiClientSettings settings) {
        this(endpoint, settings, FcgiReplyBudget.forProcess());
    }

    /**
     * Starts the client's I/O thread (a daemon named after the endpoint); no connection is opened
     * until the first request.
     *
     * @param replyMemory the budget every reply buffer is reserved from, usually shared by a route
     * @throws UncheckedIOException when no selector can be opened
     */
    public FcgiClient(FcgiEndpoint endpoint, FcgiClientSettings settings, FcgiReplyMemory replyMemory) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.replyMemory = Objects.requireNonNull(replyMemory, "replyMemory");
        try {
            this.loop = startLoop();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the FastCGI client of " + endpoint, e);
        }
    }

    /** Opens a loop and starts its thread; the caller holds {@link #lock} or is the constructor. */
    private FcgiIoLoop startLoop() throws IOException {
        FcgiIoLoop l = new FcgiIoLoop(endpoint, settings, replyMemory, this::replaceLoop);
        Thread t = new Thread(l, "fpmjms-fcgi " + endpoint);
        t.setDaemon(true);
        t.start();
        thread = t;
        return l;
    }

    /** Called on a dying loop's thread: starts its successor unless the client is closed. */
    private FcgiIoLoop replaceLoop(FcgiIoLoop dead, Throwable cause) throws UncheckedIOException {
        synchronized (lock) {
            if (closed || loop != dead) {
                return null;
            }
            try {
                loop = startLoop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            loopRestarts++;
            LOG.warn("FastCGI client for {}: started I/O loop number {} after the last one died of {}", endpoint,
                    loopRestarts + 1, cause.toString());
            return loop;
        }
    }

    /**
     * Sends a RESPONDER request; never blocks.
     *
     * @param params CGI params (SCRIPT_FILENAME, REQUEST_METHOD, ...), encoded now on the calling thread
     * @param stdin  the request body; the client keeps a reference until the request is written,
     *               the caller must not change it meanwhile
     * @return the complete reply, or a failure with {@link FcgiTransportException}
     * @throws IllegalArgumentException when the params cannot be encoded (codec limits)
     */
    public CompletableFuture<FcgiResponse> execute(Map<String, String> params, byte[] stdin) {
        FcgiExchange<FcgiResponse> x = FcgiExchange.responder(
                FcgiRequestWriter.encode(REQUEST_ID, FcgiRole.RESPONDER, settings.keepAlive(), params, stdin),
                settings.keepAlive(), REQUEST_ID, settings.maxStdoutBytes(), settings.maxStderrBytes(), replyMemory);
        return submit(x);
    }

    /**
     * Sends {@code FCGI_GET_VALUES} on a fresh connection (php-fpm answers and closes it): a cheap
     * liveness ping that counts against {@code maxInFlight}. Never blocks.
     *
     * @param names the variables asked for, e.g. {@code FCGI_MAX_CONNS}, {@code FCGI_MPXS_CONNS}
     * @return the values php-fpm knows, or a failure with {@link FcgiTransportException}
     */
    public CompletableFuture<Map<String, String>> getValues(Collection<String> names) {
        FcgiExchange<Map<String, String>> x = FcgiExchange.getValues(FcgiRequestWriter.encodeGetValues(List.copyOf(names)));
        return submit(x);
    }

    /** Hands an exchange to the current I/O loop; never blocks. */
    <T> CompletableFuture<T> submit(FcgiExchange<T> x) {
        loop.submit(x);
        return x.future;
    }

    /** How many times a dead I/O loop was replaced; for metrics and tests. */
    int loopRestarts() {
        return loopRestarts;
    }

    /** The endpoint this client talks to. */
    public FcgiEndpoint endpoint() {
        return endpoint;
    }

    /** The settings this client was built with. */
    public FcgiClientSettings settings() {
        return settings;
    }

    /** Requests in progress right now (not counting waiting ones); for metrics. */
    public int inFlight() {
        return loop.inFlight();
    }

    /**
     * The in-flight limit in force now: {@code maxInFlight}, or fewer while the pool is saturated
     * (see {@link FcgiPoolShare}); for metrics.
     */
    public int inFlightLimit() {
        return loop.limit();
    }

    /**
     * The I/O loop's state, for a diagnostic dump when requests make no progress: each request in
     * progress with its phase, connection and deadline, the waiting ones, idle connections, the
     * pool share's limit and probe. A racy snapshot read from the calling thread; the format may
     * change.
     */
    public String describeState() {
        return toString() + ": " + loop.describe() + (loopRestarts > 0 ? "; loop restarts " + loopRestarts : "");
    }

    /** The largest number of requests that were in progress at once since the client started. */
    int peakInFlight() {
        return loop.peakInFlight();
    }

    /**
     * Fails waiting requests ({@code NOT_DELIVERED}) and requests in progress (by how far they got),
     * closes every connection and stops the I/O thread. Blocks up to 5 s for the thread unless called
     * on it. Idempotent.
     */
    @Override
    public void close() {
        FcgiIoLoop l;
        Thread t;
        synchronized (lock) {
            closed = true;
            l = loop;
            t = thread;
        }
        l.close();
        if (Thread.currentThread() != t) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "FcgiClient[" + endpoint + ", maxInFlight " + settings.maxInFlight()
                + (settings.keepAlive() ? ", keep-alive" : "") + "]";
    }
}
