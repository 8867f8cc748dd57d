package dev.fpmjms.engine;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a queue browser of one destination sees. For a local or temporary queue, its ready
 * messages. For a worker queue, first the replies waiting for its consumers, then the requests
 * waiting for dispatch to PHP, each marked with the boolean property
 * {@link ProviderProperties#JMS_FPM_WAITING}
 * = {@code true} (so an operator sees the backlog, and a selector can pick it:
 * {@code JMS_FPM_WAITING = TRUE}). A consumer of a worker queue still receives only replies.
 * Requests waiting for a retry's backoff count as waiting; requests in PHP, replies held for the
 * send order, and messages whose delivery delay has not passed are in neither list (messages not
 * yet due are not browsable in any queue).
 *
 * <p>Thread-safe; each {@link #snapshot} takes each side's lock in turn, so it is not one atomic
 * picture of the two sides (a request may be dispatched and answered in between).
 */
public final class BrowseView {
    private final LocalQueue consumerSide;
    private final LocalQueue waitingSide;

    BrowseView(LocalQueue consumerSide, LocalQueue waitingSide) {
        this.consumerSide = consumerSide;
        this.waitingSide = waitingSide;
    }

    /** The messages the selector ({@code null}: all) accepts, in the order described above. */
    public List<FpmEnvelope> snapshot(Predicate<FpmEnvelope> selector) {
        List<FpmEnvelope> out = new ArrayList<>(consumerSide.browse(selector));
        if (waitingSide != null) {
            for (FpmEnvelope request : waitingSide.browseWaiting(null)) {
                FpmEnvelope marked = request.toBuilder().property(ProviderProperties.JMS_FPM_WAITING, Boolean.TRUE).build();
                if (selector == null || selector.test(marked)) {
                    out.add(marked);
                }
            }
        }
        return out;
    }

    /** The queue the view's consumers read, for names in messages. */
    public LocalQueue consumerSide() {
        return consumerSide;
    }
}
