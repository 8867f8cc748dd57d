package dev.fpmjms.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A prototype of a blocking FastCGI transport, no provider code: requests are handed, as futures,
 * to {@code connections} threads that each own one kept {@link BareFcgiConnection} and run a
 * request at a time with a blocking write and blocking reads (as the bare loop does), completing
 * the future on their own thread. Against the raw {@code FcgiClient} (one selector thread for all
 * connections) under the same driver, it measures what giving each kept connection a thread of its
 * own would save, before anything of the sort is built into the transport.
 *
 * <p>Thread-safety: {@link #operation()}'s operations may be started from any thread;
 * {@link #close()} stops the threads (each finishes its request in progress) and closes the
 * connections.
 */
final class BlockingHandoffPool implements AutoCloseable {

    private final LinkedBlockingQueue<CompletableFuture<Void>> jobs = new LinkedBlockingQueue<>();
    private final BareLoopScenarios.Connections connections;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    BlockingHandoffPool(EchoPool pool, int count, int size) throws IOException {
        this.connections = BareLoopScenarios.Connections.open(pool, count, size);
        for (int i = 0; i < count; i++) {
            BareFcgiConnection c = connections.get(i);
            Thread t = new Thread(() -> serve(c), "bench-blocking-handoff-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Queues one request; the stage completes on a connection thread once the echo came back. */
    ClosedLoop.Operation operation() {
        return () -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            jobs.add(f);
            return f;
        };
    }

    private void serve(BareFcgiConnection c) {
        try {
            while (!closed) {
                CompletableFuture<Void> job = jobs.poll(100, TimeUnit.MILLISECONDS);
                if (job == null) {
                    continue;
                }
                try {
                    c.roundTrip();
                    job.complete(null);
                } catch (IOException | RuntimeException e) {
                    job.completeExceptionally(e);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        CompletableFuture<Void> left;
        while ((left = jobs.poll()) != null) {
            left.completeExceptionally(new IllegalStateException("blocking hand-off pool closed"));
        }
        connections.close();
    }
}
