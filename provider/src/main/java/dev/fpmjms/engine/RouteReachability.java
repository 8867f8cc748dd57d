package dev.fpmjms.engine;

import dev.fpmjms.config.FpmRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a worker queue's php-fpm answers, as its deliveries find out, and the one log line per
 * change: a WARN when the route becomes unreachable (naming the queue, the route, its endpoints and
 * the cause) and an INFO when it answers again (with how long it was out and how many attempts
 * were refused meanwhile); nothing per message in between. An attempt that never reached PHP
 * (refused, no socket, backlog full, no child within the read timeout) makes it unreachable; any
 * answer from a worker, success or failure, makes it reachable.
 *
 * <p>Thread-safe: outcomes arrive on transport and outcome threads at once; a change is logged by
 * the one thread that made it. Never blocks beyond logging.
 */
final class RouteReachability {
    private static final Logger LOG = LoggerFactory.getLogger(RouteReachability.class);

    private final String queue;
    private final FpmRoute route;
    private final Clock clock;
    private final EngineListener listener;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    /** When the route became unreachable (epoch ms); valid while it is. */
    private volatile long since;
    /** Attempts refused since the route became unreachable. */
    private final AtomicLong refused = new AtomicLong();

    RouteReachability(String queue, FpmRoute route, Clock clock, EngineListener listener) {
        this.queue = queue;
        this.route = route;
        this.clock = clock;
        this.listener = listener;
    }

    /** An attempt did not reach PHP; the first one since the route last answered logs and tells the listener. */
    void notReached(String detail) {
        refused.incrementAndGet();
        if (unreachable.get() || !unreachable.compareAndSet(false, true)) {
            return;
        }
        since = clock.millis();
        refused.set(1);
        LOG.warn("worker queue '{}' (route '{}', endpoints {}): php-fpm unreachable or saturated: {}; messages wait "
                + "and are retried until it answers (one line when it does)", queue, route.queue(), route.endpoints(), detail);
        listener.onRouteFailure(queue, detail);
    }

    /** A worker answered; the first answer after the route was unreachable logs that it is back. */
    void reached() {
        if (!unreachable.get() || !unreachable.compareAndSet(true, false)) {
            return;
        }
        LOG.info("worker queue '{}' (route '{}', endpoints {}): php-fpm answers again after {} ms unreachable; "
                + "{} attempts were refused meanwhile; dispatch resumes", queue, route.queue(), route.endpoints(),
                Math.max(0, clock.millis() - since), refused.get());
    }

    boolean isUnreachable() {
        return unreachable.get();
    }
}
