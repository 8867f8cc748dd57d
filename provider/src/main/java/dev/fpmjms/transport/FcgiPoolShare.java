package dev.fpmjms.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * How one client shares a php-fpm pool with other clients (other engines, nginx): the in-flight
 * limit it runs under now, and which of its connections a child is known to have accepted. Used
 * by the client's I/O thread only; times are {@link System#nanoTime()} values.
 *
 * <p><b>Facts relied on.</b> The children of a pool accept from one listening socket, whose backlog
 * is first in, first out; a child serves one connection at a time and a kept connection pins it.
 * {@code FCGI_GET_VALUES} is answered by a child at once, without running PHP.
 *
 * <p><b>The probe.</b> While the client has work it opens a probe connection (a
 * {@code FCGI_GET_VALUES} ping) every {@value #PROBE_INTERVAL_MILLIS} ms. While the probe waits the
 * client keeps no connection: each request that completes gives its child back, and so do idle
 * connections. A child given back takes the oldest connection in the backlog: when that is the
 * probe, nobody was queued before it. When the probe is still waiting {@code saturationWait} after
 * the client first gave a child back (or after the probe was opened, when the client held no
 * child then), other clients were queued first: the pool is saturated and the limit drops by one
 * (down to 1). A probe answered in time raises the limit by one, up to {@code maxInFlight}. Shares
 * come from the backlog, which is first in, first out: the limit only keeps each client from
 * queueing more than about one request behind the others; the probe's round hands every child
 * once through the backlog, so a client that holds all children gives queued ones their turn
 * within about one probe interval. (Halving instead of dropping by one left children idle after
 * each verdict until the clients had climbed back, one step per probe.)
 *
 * <p><b>Acceptance</b> ("PHP has the request"). A connection is known to be accepted by a child
 * when it is a reused kept connection, when it received a reply byte, or when a connection opened
 * after it was accepted (the backlog is FIFO): an answered probe proves it for every connection
 * opened before the probe.
 */
final class FcgiPoolShare {

    private static final Logger LOG = LoggerFactory.getLogger(FcgiPoolShare.class);
    static final long PROBE_INTERVAL_MILLIS = 100;
    private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MILLIS);

    private final Object owner;
    private final int ceiling;
    private final long waitNanos;
    private volatile int limit;
    private long nextConnection;
    private long acceptedUpTo = -1;
    private boolean probing;
    private boolean measuring;
    private long measuredFrom;
    private boolean judged;
    private long nextProbeAt;

    /**
     * @param owner         named in log lines (the endpoint)
     * @param maxInFlight   the ceiling of the limit
     * @param saturationWait nanoseconds; 0 turns the rules off: the limit stays at the ceiling and
     *                      every connection counts as accepted once its request is being written
     */
    FcgiPoolShare(Object owner, int maxInFlight, long saturationWait, long now) {
        this.owner = owner;
        this.ceiling = maxInFlight;
        this.waitNanos = saturationWait;
        this.limit = maxInFlight;
        this.nextProbeAt = now;
    }

    boolean enabled() {
        return waitNanos > 0;
    }

    /** Requests that may be in progress now, 1 to {@code maxInFlight}; any thread (for metrics). */
    int limit() {
        return limit;
    }

    /** The order number of a connection being opened now (backlog order). */
    long nextConnection() {
        return nextConnection++;
    }

    /** Whether a child is known to have accepted the connection with this order number. */
    boolean isAccepted(long connection) {
        return !enabled() || connection <= acceptedUpTo;
    }

    /**
     * A child accepted connection {@code connection}, so every connection opened before it was
     * accepted too.
     *
     * @return whether that is news (other connections may now count as accepted)
     */
    boolean accepted(long connection) {
        if (connection <= acceptedUpTo) {
            return false;
        }
        acceptedUpTo = connection;
        return true;
    }

    /** Whether a probe is waiting: completed requests then give their child back. */
    boolean probing() {
        return probing;
    }

    boolean probeDue(long now) {
        return enabled() && !probing && now - nextProbeAt >= 0;
    }

    /**
     * @param holdsChild whether the client may hold a child now: a request in progress (accepted
     *                   or not: a child may have it unknown to the client) or an idle connection
     */
    void probeStarted(boolean holdsChild, long now) {
        probing = true;
        judged = false;
        measuring = !holdsChild;
        measuredFrom = now;
    }

    /** The client closed a connection a child had: the child goes back to the pool. */
    void gaveBack(long now) {
        if (probing && !measuring) {
            measuring = true;
            measuredFrom = now;
        }
    }

    /** Lowers the limit once per probe when it waited too long. */
    void tick(long now) {
        if (probing && measuring && !judged && now - measuredFrom >= waitNanos) {
            judged = true;
            int before = limit;
            limit = Math.max(1, limit - 1);
            LOG.debug("{}: pool saturated (no child for the probe {} ms after one was given back); in-flight limit {} -> {}",
                    owner, TimeUnit.NANOSECONDS.toMillis(now - measuredFrom), before, limit);
        }
    }

    /**
     * @param connection the probe's connection order number
     * @return whether connections opened before the probe count as accepted now
     */
    boolean probeAnswered(long now, long connection) {
        tick(now);
        probing = false;
        nextProbeAt = now + PROBE_INTERVAL_NANOS;
        if (!judged && limit < ceiling) {
            limit++;
            LOG.debug("{}: a child was free; in-flight limit {}", owner, limit);
        }
        return accepted(connection);
    }

    void probeFailed(long now) {
        probing = false;
        nextProbeAt = now + PROBE_INTERVAL_NANOS;
    }

    /** The share's state for a diagnostic dump (racy when read from another thread). */
    String describe(long now) {
        return "share " + (enabled() ? "" : "off ") + "probing " + probing + (probing ? " measuring " + measuring
                + (measuring ? " for " + TimeUnit.NANOSECONDS.toMillis(now - measuredFrom) + " ms" : "") + " judged " + judged
                : " next probe in " + TimeUnit.NANOSECONDS.toMillis(nextProbeAt - now) + " ms")
                + ", connections opened " + nextConnection + ", accepted up to #" + acceptedUpTo;
    }

    /** Nanoseconds until {@link #tick} or the next probe has something to do; {@code Long.MAX_VALUE} for none. */
    long nanosToNextEvent(long now, boolean hasWork) {
        if (probing) {
            return measuring && !judged ? measuredFrom + waitNanos - now : Long.MAX_VALUE;
        }
        return enabled() && hasWork ? nextProbeAt - now : Long.MAX_VALUE;
    }
}
