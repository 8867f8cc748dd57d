package dev.fpmjms.health;

/**
 * A route's health in JMX, registered as {@code dev.fpmjms:type=RouteHealth,engine=<name>,route=<queue>}
 * ({@link HealthJmx#objectName}). Reading an attribute runs a check unless the last one is less than
 * a second old, so the attributes read together describe one check. Counts are summed over the
 * route's endpoints; {@code -1} when no endpoint's status page was read.
 */
public interface RouteHealthMXBean {

    /** Whether every endpoint is reachable: answered {@code FCGI_GET_VALUES}, and its ping path when the route has one. */
    boolean isUp();

    /** One line per endpoint: its address, reachable or not, and the failure if any. */
    String[] getEndpoints();

    int getActiveProcesses();

    int getIdleProcesses();

    int getTotalProcesses();

    int getListenQueue();

    long getMaxChildrenReached();

    /** Runs a check now and returns {@link #getEndpoints()}. */
    String[] check();
}
