package dev.fpmjms.admin;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.Subscription;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.fpm.EmbeddedPhpFpm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real php-fpm running {@code php/ops/flaky.php}, which answers 500 (with a line on stderr) while
 * it is {@link #broken} and echoes the body once it is fixed: dead letters on demand, and replays
 * that succeed. Routes made here take one attempt, so a failure is dead-lettered at once.
 */
final class FlakyWorker implements AutoCloseable {
    static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 2.0, 0.0, false);

    private final EmbeddedPhpFpm fpm;
    private final Path script;

    private FlakyWorker(EmbeddedPhpFpm fpm, Path script) {
        this.fpm = fpm;
        this.script = script;
    }

    static FlakyWorker start() {
        EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        try (InputStream in = FlakyWorker.class.getResourceAsStream("/php/ops/flaky.php")) {
            if (in == null) {
                throw new IllegalStateException("test resource /php/ops/flaky.php is missing");
            }
            return new FlakyWorker(fpm, fpm.installScript("flaky.php", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            fpm.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A route on the flaky worker that dead-letters on the first failure. */
    FpmRoute route(String queue) {
        return FpmRoute.builder(queue).endpoint(fpm.endpointString()).script(script.toString()).maxInFlight(2)
                .retryPolicy(ONE_ATTEMPT).build();
    }

    /** A configuration with routes {@code work} and {@code mail} on the flaky worker. */
    FpmConfig.Builder config(String name) {
        return FpmConfig.builder().name(name).route(route("work")).route(route("mail"));
    }

    void broken(boolean broken) throws IOException {
        Path flag = script.resolveSibling("broken");
        if (broken) {
            Files.writeString(flag, "x");
        } else {
            Files.deleteIfExists(flag);
        }
    }

    /** Sends a persistent text message with a property {@code customer}. */
    static FpmEnvelope send(FpmEngine engine, String queue, String body, int customer) throws Exception {
        FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue(queue)).messageId(engine.newMessageId())
                .timestamp(System.currentTimeMillis()).persistent(true).priority(4).body(BodyType.TEXT, body)
                .property("customer", customer).build();
        engine.send(e);
        return e;
    }

    /** Takes {@code count} messages (each within 30 s) from a queue's consumer side; fewer when they do not come. */
    static List<FpmEnvelope> take(FpmEngine engine, String queue, int count) throws Exception {
        List<FpmEnvelope> got = new ArrayList<>();
        try (Subscription s = engine.consumerQueue(DestinationRef.queue(queue)).subscribe(null, null)) {
            while (got.size() < count) {
                Delivery d = s.take(30, TimeUnit.SECONDS);
                if (d == null) {
                    break;
                }
                got.add(d.envelope());
                d.acknowledge();
            }
        }
        return got;
    }

    @Override
    public void close() {
        fpm.close();
    }
}
