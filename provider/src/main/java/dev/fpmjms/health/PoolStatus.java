package dev.fpmjms.health;

import java.util.HashMap;
import java.util.Map;

/**
 * What a php-fpm pool's status page ({@code pm.status_path}, plain-text form) says at one moment.
 *
 * @param pool               the pool's name
 * @param activeProcesses    children running a request now
 * @param idleProcesses      children waiting for a request
 * @param totalProcesses     all children
 * @param listenQueue        connections waiting in the listen backlog for a child
 * @param maxChildrenReached how many times php-fpm wanted another child but {@code pm.max_children}
 *                           stopped it, since the pool started
 * @param acceptedConnections connections the pool accepted since it started
 */
public record PoolStatus(String pool, int activeProcesses, int idleProcesses, int totalProcesses,
                         int listenQueue, long maxChildrenReached, long acceptedConnections) {

    /**
     * Reads the plain-text status page ({@code key: value} lines).
     *
     * @throws IllegalArgumentException when a field is missing or not a number, naming it
     */
    public static PoolStatus parse(String page) {
        Map<String, String> fields = new HashMap<>();
        for (String line : page.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return new PoolStatus(fields.getOrDefault("pool", ""), (int) number(fields, "active processes"),
                (int) number(fields, "idle processes"), (int) number(fields, "total processes"),
                (int) number(fields, "listen queue"), number(fields, "max children reached"),
                number(fields, "accepted conn"));
    }

    private static long number(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("php-fpm status page has no '" + name + "' field; fields: " + fields.keySet());
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("php-fpm status page field '" + name + "' is not a whole number: '" + v + "'", e);
        }
    }
}
