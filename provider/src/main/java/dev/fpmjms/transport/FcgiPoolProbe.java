package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.FcgiRequestWriter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The pool share's probe ({@link FcgiPoolShare}) as one {@link FcgiIoLoop} runs it, and what the
 * share learns about acceptance applied to the loop's requests in progress. The probe is an
 * {@code FCGI_GET_VALUES} exchange on a fresh connection; while it is under way it sits in the
 * loop's list of requests in progress but is not counted as a request. Its answer or failure goes
 * to the share; when the share then knows more connections to have a child, their read timeouts
 * start ({@link #acceptedUpTo}).
 *
 * <p>Division of work: the share decides when a probe is due and what its answer means; the loop
 * opens the probe's connection, closes its idle connections first and retires the probe like any
 * exchange; this class holds the probe under way and reports how it ended.
 *
 * <p>Threading: the loop thread only; the probe's future completes there, so {@link #done} runs
 * there too. {@link #is} may be read from another thread for the loop's diagnostic dump (a racy
 * snapshot). Nothing here blocks; one exchange and one callback are allocated per probe, none per
 * request.
 */
final class FcgiPoolProbe {

    /** php-fpm answers {@code FCGI_GET_VALUES} without running PHP. Read-only, duplicated per use. */
    private static final ByteBuffer PROBE_REQUEST =
            FcgiRequestWriter.encodeGetValues(List.of("FCGI_MPXS_CONNS")).asReadOnlyBuffer();

    private final FcgiPoolShare share;
    private final FcgiClientSettings settings;
    private final List<FcgiExchange<?>> active;
    /** The probe while it is under way, else {@code null}; it is in the loop's list of requests in progress then. */
    private FcgiExchange<Map<String, String>> probe;

    /** @param active the loop's requests in progress, whose read timeouts {@link #acceptedUpTo} starts */
    FcgiPoolProbe(FcgiPoolShare share, FcgiClientSettings settings, List<FcgiExchange<?>> active) {
        this.share = share;
        this.settings = settings;
        this.active = active;
    }

    /**
     * Creates the probe's exchange and makes it the probe under way; the loop adds it to its
     * requests in progress and opens its connection. Only when no probe is {@link #underWay()}.
     */
    FcgiExchange<?> start() {
        FcgiExchange<Map<String, String>> p = FcgiExchange.getValues(PROBE_REQUEST);
        probe = p;
        p.future.whenComplete((values, failure) -> done(p, failure == null));
        return p;
    }

    /** A probe is under way: started, and its future not yet completed. */
    boolean underWay() {
        return probe != null;
    }

    /** Whether {@code x} is the probe under way. */
    boolean is(FcgiExchange<?> x) {
        return x == probe;
    }

    /** The probe under way is not retired yet: it is one of the loop's requests in progress. */
    boolean inProgress() {
        return probe != null && probe.phase != FcgiExchange.Phase.DONE;
    }

    /** The probe under way holds a connection. */
    boolean hasConnection() {
        return probe != null && probe.connection != null;
    }

    /** Runs on the loop thread when the probe completes (it completes there). */
    private void done(FcgiExchange<?> p, boolean answered) {
        if (probe != p) {
            return;
        }
        probe = null;
        long now = System.nanoTime();
        if (answered) {
            if (share.probeAnswered(now, p.connectionOrder)) {
                acceptedUpTo(now);
            }
        } else {
            share.probeFailed(now);
        }
    }

    /** More connections are known to have a child (see {@link FcgiPoolShare}): their read timeout starts now. */
    void acceptedUpTo(long now) {
        for (FcgiExchange<?> x : active) {
            FcgiConnection c = x.connection;
            if (c != null && !c.accepted && share.isAccepted(c.order)) {
                c.accepted = true;
                if (x.phase == FcgiExchange.Phase.WRITING || x.phase == FcgiExchange.Phase.READING) {
                    x.deadline = now + settings.readTimeout().toNanos();
                }
            }
        }
    }
}
