package dev.fpmjms.store;

import dev.fpmjms.config.FsyncPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures persistent add throughput of the journal per fsync policy and producer count; not a
 * test. Each add is a 1 KiB text message followed by its removal, as in steady state.
 *
 * <pre>
 * mvn -q -B -ntp -pl provider test-compile
 * cd provider &amp;&amp; java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *     dev.fpmjms.store.JournalThroughput [directory-on-the-disk-to-measure [adds-per-run]]
 * </pre>
 */
public final class JournalThroughput {
    private JournalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("fpm-journal-bench");
        int perRun = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        FpmEnvelope message = FpmEnvelope.builder(DestinationRef.queue("bench")).messageId("ID:bench")
                .property("attempt", 1).body(BodyType.TEXT, "x".repeat(1024)).build();
        List<FsyncPolicy> policies = List.of(FsyncPolicy.ALWAYS, FsyncPolicy.batch(Duration.ofMillis(10)), FsyncPolicy.NEVER);
        System.out.printf("%-12s %8s %10s %12s%n", "policy", "threads", "adds/s", "us/add");
        for (FsyncPolicy policy : policies) {
            for (int threads : new int[]{1, 8}) {
                Path dir = Files.createTempDirectory(base, "run");
                try (JournalStore store = JournalStore.open(dir, policy)) {
                    int each = perRun / threads;
                    List<Thread> workers = new ArrayList<>();
                    long start = System.nanoTime();
                    for (int t = 0; t < threads; t++) {
                        Thread w = new Thread(() -> {
                            try {
                                for (int i = 0; i < each; i++) {
                                    store.remove(store.add("bench", message));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        w.start();
                        workers.add(w);
                    }
                    for (Thread w : workers) {
                        w.join();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    int total = each * threads;
                    System.out.printf("%-12s %8d %10.0f %12.1f%n", policy, threads, total / seconds, seconds * 1e6 / total);
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
