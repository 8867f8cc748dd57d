package dev.fpmjms.health;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.transport.FcgiEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health check against a real php-fpm (pm = static, 2 children) and a socket nobody listens on.
 * Process counts are php-fpm's own scoreboard, which counts children still being replaced, so they
 * are checked for consistency, not for the configured size.
 */
@Timeout(120)
class FpmHealthCheckIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static EmbeddedPhpFpm fpm;

    @BeforeAll
    static void start() {
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null)).start();
    }

    @AfterAll
    static void stop() {
        fpm.close();
    }

    private static FcgiEndpoint endpoint() {
        return FcgiEndpoint.parse(fpm.endpointString());
    }

    @Test
    void aRunningPoolIsReachableAndItsStatusPageIsRead() {
        EndpointHealth h = FpmHealthCheck.check(endpoint(), fpm.statusPath(), TIMEOUT, Clock.systemUTC());
        assertTrue(h.reachable(), String.valueOf(h));
        assertNull(h.failure(), String.valueOf(h));
        PoolStatus s = h.poolStatus().orElseThrow();
        assertTrue(s.totalProcesses() >= 2, "pm = static with 2 children: " + s);
        assertEquals(s.totalProcesses(), s.activeProcesses() + s.idleProcesses(), String.valueOf(s));
        assertTrue(s.activeProcesses() >= 1, "the child serving the status page is active: " + s);
        assertEquals(0, s.listenQueue(), String.valueOf(s));
        assertEquals(0, s.maxChildrenReached(), "pm = static never spawns more: " + s);
    }

    @Test
    void withoutAStatusPathOnlyReachabilityIsChecked() {
        EndpointHealth h = FpmHealthCheck.check(endpoint(), null, TIMEOUT, Clock.systemUTC());
        assertTrue(h.reachable(), String.valueOf(h));
        assertTrue(h.poolStatus().isEmpty());
    }

    @Test
    void aWrongStatusPathIsReachableWithTheFailureNamed() {
        EndpointHealth h = FpmHealthCheck.check(endpoint(), "/no-such-status", TIMEOUT, Clock.systemUTC());
        assertTrue(h.reachable(), String.valueOf(h));
        assertTrue(h.poolStatus().isEmpty());
        assertNotNull(h.failure());
        assertTrue(h.failure().contains("/no-such-status"), h.failure());
    }

    @Test
    void thePoolsPingPathAnsweringPongKeepsItReachable() {
        EndpointHealth h = FpmHealthCheck.check(endpoint(), fpm.statusPath(), fpm.pingPath(), "pong", TIMEOUT,
                Clock.systemUTC());
        assertTrue(h.reachable(), String.valueOf(h));
        assertNull(h.failure(), String.valueOf(h));
        assertTrue(h.poolStatus().isPresent(), String.valueOf(h));
    }

    @Test
    void aPingPathThePoolDoesNotServeIsUnreachableWithTheFailureNamed() {
        EndpointHealth h = FpmHealthCheck.check(endpoint(), null, "/no-such-ping", "pong", TIMEOUT, Clock.systemUTC());
        assertFalse(h.reachable(), String.valueOf(h));
        assertTrue(h.failure().startsWith("ping /no-such-ping answered HTTP ")
                && h.failure().contains("is the pool's ping.path /no-such-ping?"), h.failure());
    }

    @Test
    void aPingAnswerOtherThanTheExpectedResponseIsUnreachable() {
        EndpointHealth h = FpmHealthCheck.check(endpoint(), null, fpm.pingPath(), "alive", TIMEOUT, Clock.systemUTC());
        assertFalse(h.reachable(), String.valueOf(h));
        assertTrue(h.failure().contains("answered 'pong', not 'alive'"), h.failure());
    }

    @Test
    void aPoolWithItsOwnPingResponseIsCheckedAgainstIt() {
        EmbeddedPhpFpm own = new EmbeddedPhpFpm(new EmbeddedFpmSettings(1, 0, Map.of(), null), EmbeddedPhpFpm.Listen.UNIX,
                Map.of("ping.response", "alive")).start();
        try {
            FcgiEndpoint e = FcgiEndpoint.parse(own.endpointString());
            assertTrue(FpmHealthCheck.check(e, null, own.pingPath(), "alive", TIMEOUT, Clock.systemUTC()).reachable());
            assertFalse(FpmHealthCheck.check(e, null, own.pingPath(), "pong", TIMEOUT, Clock.systemUTC()).reachable());
        } finally {
            own.close();
        }
    }

    @Test
    void aSocketNobodyListensOnIsUnreachable() throws Exception {
        Path dir = Files.createTempDirectory("fpmjms-health");
        try {
            FcgiEndpoint gone = FcgiEndpoint.parse("unix:" + dir.resolve("php-fpm.sock"));
            EndpointHealth h = FpmHealthCheck.check(gone, "/status", TIMEOUT, Clock.systemUTC());
            assertFalse(h.reachable());
            assertTrue(h.failure().startsWith("no answer to FCGI_GET_VALUES"), h.failure());
            assertTrue(h.poolStatus().isEmpty());
            assertEquals(new RouteHealth("q", java.util.List.of(h)).up(), false);
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
