package dev.fpmjms.health;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
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

/** An engine's route health through its Java API and JMX: one route on the embedded php-fpm, one on a dead socket. */
@Timeout(120)
class RouteHealthJmxIT {

    @Test
    void routesReportTheirHealthInJavaAndJmxUntilShutdown() throws Exception {
        Path dir = Files.createTempDirectory("fpmjms-health");
        String name = "health-" + UUID.randomUUID();
        FpmConfig config = FpmConfig.builder().name(name)
                .embeddedFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null))
                .route(FpmRoute.builder("work").endpoint("embedded").maxInFlight(2).build())
                .route(FpmRoute.builder("down").endpoint("unix:" + dir.resolve("php-fpm.sock")).script("/srv/x.php")
                        .connectTimeout(Duration.ofSeconds(2)).build())
                .build();
        EngineRegistry registry = new EngineRegistry();
        FpmEngine engine = registry.engine(config, FcgiGatewayFactory::new);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName work = HealthJmx.objectName(name, "work");
        ObjectName down = HealthJmx.objectName(name, "down");
        try {
            List<RouteHealth> health = engine.health();
            assertEquals(List.of("work", "down"), health.stream().map(RouteHealth::queue).toList());
            RouteHealth w = health.get(0);
            assertTrue(w.up(), String.valueOf(w));
            PoolStatus s = w.endpoints().get(0).poolStatus().orElseThrow();
            assertTrue(s.totalProcesses() >= 2 && s.totalProcesses() == s.activeProcesses() + s.idleProcesses(), String.valueOf(s));
            assertFalse(health.get(1).up(), String.valueOf(health.get(1)));

            assertEquals(new ObjectName("dev.fpmjms:type=RouteHealth,engine=" + name + ",route=work"), work);
            assertEquals(Boolean.TRUE, server.getAttribute(work, "Up"));
            assertTrue((Integer) server.getAttribute(work, "TotalProcesses") >= 2);
            assertEquals(0, server.getAttribute(work, "ListenQueue"));
            assertEquals(0L, server.getAttribute(work, "MaxChildrenReached"));
            assertEquals(Boolean.FALSE, server.getAttribute(down, "Up"));
            assertEquals(-1, server.getAttribute(down, "TotalProcesses"), "no status page read");
            String[] lines = (String[]) server.invoke(down, "check", null, null);
            assertTrue(lines[0].contains("unreachable") && lines[0].contains("php-fpm.sock"), lines[0]);
        } finally {
            engine.shutdown();
            Files.deleteIfExists(dir);
        }
        assertFalse(server.isRegistered(work), "unregistered at shutdown");
        assertFalse(server.isRegistered(down));
        assertThrows(IllegalStateException.class, engine::health);
    }

    @Test
    void theDefaultRouteAndOddNamesAreQuoted() throws Exception {
        assertEquals("*", ObjectName.unquote(HealthJmx.objectName("e", "*").getKeyProperty("route")));
        ObjectName n = HealthJmx.objectName("my app, prod", "orders=1");
        assertEquals("my app, prod", ObjectName.unquote(n.getKeyProperty("engine")));
        assertEquals("orders=1", ObjectName.unquote(n.getKeyProperty("route")));
        assertEquals("mail", HealthJmx.objectName("e", "mail").getKeyProperty("route"));
    }
}
