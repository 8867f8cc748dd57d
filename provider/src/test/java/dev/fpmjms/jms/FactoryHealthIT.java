package dev.fpmjms.jms;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.health.EndpointHealth;
import dev.fpmjms.health.RouteHealth;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FpmConnectionFactory#health()} on a real embedded php-fpm: it starts the engine before any
 * connection, routes on the embedded pool are pinged at its ping.path and read its status page, a
 * route whose pingPath the pool does not serve and a route on a socket nobody listens on are down
 * with the cause named, and a closed factory refuses.
 */
@Timeout(120)
class FactoryHealthIT {

    @Test
    void healthStartsTheEngineAndNamesWhatIsDown() throws Exception {
        Path dir = Files.createTempDirectory("fpmjms-factory-health");
        FpmConfig config = FpmConfig.builder().name("factory-health-" + UUID.randomUUID())
                .embeddedFpm(new EmbeddedFpmSettings(3, 0, Map.of(), null))
                .route(FpmRoute.builder("work").endpoint(FpmRoute.EMBEDDED).maxInFlight(2).build())
                .route(FpmRoute.builder("wrongPing").endpoint(FpmRoute.EMBEDDED).maxInFlight(1).pingPath("/no-ping").build())
                .route(FpmRoute.builder("down").endpoint("unix:" + dir.resolve("php-fpm.sock")).script("/srv/x.php")
                        .connectTimeout(Duration.ofSeconds(2)).build())
                .build();
        EngineRegistry registry = new EngineRegistry();
        FpmConnectionFactory factory = new FpmConnectionFactory(config, FcgiGatewayFactory::new, registry);
        try {
            List<RouteHealth> health = factory.health();
            assertTrue(registry.running(config).isPresent(), "health() started the engine");
            assertEquals(List.of("work", "wrongPing", "down"), health.stream().map(RouteHealth::queue).toList());

            RouteHealth work = health.get(0);
            assertTrue(work.up(), String.valueOf(work));
            assertTrue(work.endpoints().get(0).poolStatus().isPresent(), String.valueOf(work));

            EndpointHealth wrongPing = health.get(1).endpoints().get(0);
            assertFalse(health.get(1).up(), String.valueOf(wrongPing));
            assertTrue(wrongPing.failure().contains("ping /no-ping answered HTTP"), wrongPing.failure());

            EndpointHealth down = health.get(2).endpoints().get(0);
            assertFalse(health.get(2).up(), String.valueOf(down));
            assertTrue(down.failure().startsWith("no answer to FCGI_GET_VALUES"), down.failure());
        } finally {
            factory.close();
            Files.deleteIfExists(dir);
        }
        assertTrue(registry.running(config).isEmpty(), "close() let go of the engine health() started");
        JMSException closed = assertThrows(jakarta.jms.IllegalStateException.class, factory::health);
        assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
    }
}
