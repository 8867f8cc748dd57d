package dev.fpmjms.integrations.spring;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot application's {@code /actuator/health} (Actuator's {@link HealthEndpoint}, as the
 * web endpoint serves it) with its routes on a php-fpm pool this test starts and stops, as an
 * operator's system pool would go away: UP with the pool's status page while it runs, DOWN naming
 * the route and endpoint once it is gone, UP again when it is back.
 */
@SpringBootTest
@DirtiesContext
@Timeout(120)
class FpmJmsHealthIT {
    private static EmbeddedPhpFpm pool;

    @BeforeAll
    static void startPool() {
        pool = new EmbeddedPhpFpm(new EmbeddedFpmSettings(4, 0, Map.of(), null)).start();
    }

    @DynamicPropertySource
    static void routesOnTheTestsPool(DynamicPropertyRegistry registry) {
        Path workers = WorkerScripts.install();
        registry.add("fpmjms.uri", () -> "fpm://?name=spring-boot-health"
                + "&route.orders=" + pool.endpointString() + "|" + workers.resolve("invoice.php")
                + "&route.shipping=" + pool.endpointString() + "|" + workers.resolve("shipping.php"));
        registry.add("fpmjms.settings[route.orders.statusPath]", pool::statusPath);
        registry.add("fpmjms.settings[route.orders.connectTimeout]", () -> "2s");
        registry.add("fpmjms.settings[route.shipping.connectTimeout]", () -> "2s");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Autowired
    HealthEndpoint health;

    @Test
    void upWhileThePoolRunsDownWhenItIsGoneAndUpWhenItIsBack() {
        HealthComponent fpmjms = health.healthForPath("fpmjms");
        assertEquals(Status.UP, fpmjms.getStatus(), String.valueOf(fpmjms));
        Map<?, ?> orders = route(fpmjms, "orders");
        assertEquals("UP", orders.get("status"));
        Map<?, ?> ordersPool = (Map<?, ?>) endpoint(orders).get("pool");
        assertTrue(ordersPool != null && (Integer) ordersPool.get("totalProcesses") >= 1,
                "route.orders.statusPath names the pool's status page: " + orders);
        assertEquals(Status.UP, health.health().getStatus(), "the application as a whole");

        pool.stop();
        fpmjms = health.healthForPath("fpmjms");
        assertEquals(Status.DOWN, fpmjms.getStatus(), String.valueOf(fpmjms));
        for (String queue : List.of("orders", "shipping")) {
            Map<?, ?> endpoint = endpoint(route(fpmjms, queue));
            assertEquals(pool.endpointString(), endpoint.get("endpoint"));
            assertFalse((Boolean) endpoint.get("reachable"));
            assertTrue(String.valueOf(endpoint.get("failure")).startsWith("no answer to FCGI_GET_VALUES"), endpoint.toString());
        }
        assertEquals(Status.DOWN, health.health().getStatus(), "the application as a whole");

        pool.start();
        fpmjms = health.healthForPath("fpmjms");
        assertEquals(Status.UP, fpmjms.getStatus(), String.valueOf(fpmjms));
    }

    private static Map<?, ?> route(HealthComponent fpmjms, String queue) {
        Map<?, ?> routes = (Map<?, ?>) ((Health) fpmjms).getDetails().get("routes");
        return (Map<?, ?>) routes.get(queue);
    }

    private static Map<?, ?> endpoint(Map<?, ?> route) {
        return (Map<?, ?>) ((List<?>) route.get("endpoints")).get(0);
    }
}
