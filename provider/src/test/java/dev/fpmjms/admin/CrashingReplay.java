package dev.fpmjms.admin;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.FsyncPolicy;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link ReplayCrashIT}: starts an engine on a journal full of dead letters of
 * worker queue "work" (whose php-fpm refuses every connection, so replayed requests stay in the
 * journal), replays them one id at a time and prints each id once its replay has returned. The
 * parent kills it with {@code kill -9} midway.
 *
 * <p>Usage: {@code CrashingReplay <dataDirectory>}
 */
public final class CrashingReplay {
    private CrashingReplay() {
    }

    static FpmConfig config(Path dataDirectory) {
        return FpmConfig.builder().name("replay-crash-test")
                .route(FpmRoute.builder("work").endpoint("/nonexistent/php-fpm.sock").script("/srv/w.php").build())
                .maxQueueMessages(100_000).dataDirectory(dataDirectory).fsyncPolicy(FsyncPolicy.ALWAYS).build();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "US-ASCII");
        FpmEngine engine = new EngineRegistry().engine(config(Path.of(args[0])), c -> new Refusing());
        DeadLetterAdmin admin = engine.deadLetters();
        List<DeadLetter> letters = admin.list(null, Integer.MAX_VALUE);
        out.println("ready " + letters.size());
        for (DeadLetter d : letters) {
            admin.replay(DeadLetterSelection.ids(List.of(d.messageId())));
            out.println(d.messageId());
        }
        out.println("done");
        engine.shutdown();
    }

    /** php-fpm that is never there: every delivery is NOT_DELIVERED, at once. */
    private static final class Refusing implements WorkerGatewayFactory, WorkerGateway {
        @Override
        public WorkerGateway open(String queueName, FpmRoute route) {
            return this;
        }

        @Override
        public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
            return CompletableFuture.completedFuture(DeliveryOutcome.notDelivered("connection refused (test)"));
        }

        @Override
        public void close() {
        }
    }
}
