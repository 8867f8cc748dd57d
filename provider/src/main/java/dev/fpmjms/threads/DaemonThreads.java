package dev.fpmjms.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The project's one thread factory: names each thread {@code prefix-N} after its owner and makes
 * it a daemon, so that no fpm-jms thread holds up JVM exit. Thread-safe.
 */
public final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /** @param prefix the owner's name, e.g. {@code fpm-jms-timer-<engine>} */
    public DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
