package dev.fpmjms.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FpmConfigTest {

    private static FpmRoute.Builder embedded(String queue, int maxInFlight) {
        return FpmRoute.builder(queue).endpoint(FpmRoute.EMBEDDED).script("builtin:echo").maxInFlight(maxInFlight);
    }

    @Test
    void routesOnTheEmbeddedPoolMayNotPinMoreChildrenThanItHas() {
        EmbeddedFpmSettings four = new EmbeddedFpmSettings(4, 0, java.util.Map.of(), null);
        FpmConfig fits = FpmConfig.builder().embeddedFpm(four)
                .route(embedded("a", 2).build()).route(embedded("b", 2).build()).build();
        assertEquals(2, fits.routes().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FpmConfig.builder()
                .embeddedFpm(four).route(embedded("a", 2).build()).route(embedded("*", 3).build()).build());
        assertTrue(e.getMessage().contains("a=2") && e.getMessage().contains("*=3")
                && e.getMessage().contains("maxChildren (4)") && e.getMessage().contains("was: 5"), e.getMessage());
    }

    @Test
    void routesOnOtherPoolsAreNotCountedAgainstTheEmbeddedOne() {
        FpmConfig config = FpmConfig.builder().embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .route(embedded("a", 4).build())
                .route(FpmRoute.builder("b").endpoint("unix:/run/php/fpm.sock").script("/srv/b.php").maxInFlight(32).build())
                .build();
        assertEquals(32, config.routeFor("b").orElseThrow().maxInFlight());
    }

    @Test
    void badValuesNameTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FpmRoute.builder("q").endpoint("nowhere").script("/w.php").build());
        assertTrue(e.getMessage().contains("route 'q' endpoint") && e.getMessage().contains("nowhere"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FpmRoute.builder("q").endpoint("/run/x.sock").script("w.php").build());
        assertTrue(e.getMessage().contains("route 'q' script"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FpmRoute.builder("q").endpoint("/run/x.sock").script("/w.php").readTimeout(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("readTimeout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FpmConfig.builder().maxQueueMessages(0).build());
        assertTrue(e.getMessage().contains("maxQueueMessages"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FpmConfig.builder().route(embedded("a", 1).build()).build());
        assertTrue(e.getMessage().contains("embeddedFpm"), e.getMessage());
    }

    @Test
    void aReservedOrBadlyNamedRouteParamFailsTheConfigurationNotEachMessage() {
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> FpmRoute.builder("mail").endpoint("unix:/run/x.sock").script("/w.php").param("FPMJMS_QUEUE", "x").build());
        assertTrue(reserved.getMessage().contains("route 'mail'") && reserved.getMessage().contains("reserved"), reserved.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm:?route.mail=unix:/run/x.sock|/w.php&route.mail.param.BAD-NAME=1"));
        assertTrue(badName.getMessage().contains("BAD-NAME"), badName.getMessage());
        FpmRoute.builder("mail").endpoint("unix:/run/x.sock").script("/w.php").param("APP_ENV", "prod").build();
    }
}
