package dev.fpmjms.faults;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.FcgiGatewayFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link SigtermDrainIT}: an engine on its own embedded php-fpm whose route runs
 * {@code recorder.php} (args: the script's path, the recorder's directory, how many messages, the
 * worker's sleep in ms). Sends that many NON_PERSISTENT messages to the slow worker, prints
 * {@code id <message id>} for each and {@code sent}, then waits to be ended with SIGTERM. Its
 * engine's shutdown hook drains (drainTimeout 60s) and logs the result on stderr.
 */
public final class DrainingJvm {
    private DrainingJvm() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "US-ASCII");
        String script = args[0];
        String dir = args[1];
        int count = Integer.parseInt(args[2]);
        int sleepMillis = Integer.parseInt(args[3]);
        FpmConfig config = FpmConfig.builder().name("sigterm-drain").drainTimeout(Duration.ofSeconds(60))
                .embeddedFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null))
                .route(FpmRoute.builder("work").endpoint(FpmRoute.EMBEDDED).script(script).param("FAULTS_DIR", dir)
                        .maxInFlight(1).replyPolicy(ReplyPolicy.DISCARD).build())
                .build();
        FpmEngine engine = new EngineRegistry().engine(config, FcgiGatewayFactory::new);
        for (int i = 0; i < count; i++) {
            FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                    .timestamp(System.currentTimeMillis()).persistent(false)
                    .body(BodyType.TEXT, Integer.toString(i)).property("faults_sleep_ms", sleepMillis).build();
            engine.send(e);
            out.println("id " + e.messageId());
        }
        out.println("sent");
        new CountDownLatch(1).await(); // until SIGTERM
    }
}
