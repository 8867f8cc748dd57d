package dev.fpmjms.faults;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.testing.Await;
import dev.fpmjms.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real php-fpm stopped while messages wait, then started again on the same socket: the route logs
 * one WARN when it becomes unreachable, however many attempts are refused, and one INFO when php-fpm
 * answers again; every message is then processed.
 */
@Timeout(120)
class RouteStateLogIT {

    @Test
    void oneWarnWhenPhpFpmGoesAwayAndOneInfoWhenItIsBack() throws Exception {
        String queue = "state-" + UUID.randomUUID().toString().substring(0, 8);
        try (LogCapture log = LogCapture.start();
             Recorder recorder = Recorder.start(new EmbeddedFpmSettings(2, 0, Map.of(), null))) {
            FpmConfig config = FpmConfig.builder().name("faults-state-" + UUID.randomUUID())
                    .route(recorder.route(queue).maxInFlight(1).replyPolicy(ReplyPolicy.DISCARD)
                            .retryPolicy(new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.0, false))
                            .build())
                    .build();
            FpmEngine engine = new EngineRegistry().engine(config, FcgiGatewayFactory::new);
            try {
                List<String> ids = new ArrayList<>();
                ids.add(send(engine, queue));
                Await.until("the first message is done", Duration.ofSeconds(30), () -> recorder.done().containsKey(ids.get(0)));

                recorder.fpm().stop();
                for (int i = 0; i < 10; i++) {
                    ids.add(send(engine, queue));
                }
                Await.until("several attempts refused while php-fpm is down", Duration.ofSeconds(30),
                        () -> refused(engine, queue) >= 5);
                recorder.fpm().start();
                Await.until("every message is done after the restart", Duration.ofSeconds(60),
                        () -> ids.stream().allMatch(recorder.done()::containsKey));
                Await.until("the route says it is back", Duration.ofSeconds(10),
                        () -> !log.lines("worker queue '" + queue + "'").stream()
                                .filter(l -> l.contains("php-fpm answers again")).toList().isEmpty());

                List<String> lines = log.lines("worker queue '" + queue + "'");
                List<String> down = lines.stream().filter(l -> l.contains("php-fpm unreachable")).toList();
                List<String> back = lines.stream().filter(l -> l.contains("php-fpm answers again")).toList();
                assertEquals(1, down.size(), "one WARN for the outage: " + lines);
                assertTrue(down.get(0).contains("WARN") && down.get(0).contains("(route '" + queue + "', endpoints [")
                        && down.get(0).contains(recorder.fpm().endpointString()), down.get(0));
                assertEquals(1, back.size(), "one INFO when it is back: " + lines);
                assertTrue(back.get(0).contains("INFO"), back.get(0));
                Matcher m = Pattern.compile("(\\d+) attempts were refused meanwhile").matcher(back.get(0));
                assertTrue(m.find(), back.get(0));
                assertTrue(Long.parseLong(m.group(1)) >= 5, back.get(0));
                assertEquals(2, lines.size(), "nothing else logged for the queue: " + lines);
            } finally {
                engine.shutdown();
            }
        }
    }

    private static long refused(FpmEngine engine, String queue) {
        return engine.metrics().queue(queue).map(q -> q.outcome(DeliveryOutcome.Result.NOT_DELIVERED)).orElse(0L);
    }

    private static String send(FpmEngine engine, String queue) throws Exception {
        FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue(queue)).messageId(engine.newMessageId())
                .timestamp(System.currentTimeMillis()).persistent(false).body(BodyType.TEXT, "x").build();
        engine.send(e);
        return e.messageId();
    }
}
