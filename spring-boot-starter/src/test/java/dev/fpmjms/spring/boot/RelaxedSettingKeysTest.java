package dev.fpmjms.spring.boot;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelaxedSettingKeysTest {

    @Test
    void fixedPartsMatchIgnoringCaseDashesAndUnderscores() {
        assertEquals("route.orders.maxInFlight", RelaxedSettingKeys.canonical("route.orders.maxinflight"));
        assertEquals("route.orders.maxInFlight", RelaxedSettingKeys.canonical("route.orders.max-in-flight"));
        assertEquals("route.orders.retry.maxAttempts", RelaxedSettingKeys.canonical("route.orders.retry.max_attempts"));
        assertEquals("maxQueueMessages", RelaxedSettingKeys.canonical("maxqueuemessages"));
        assertEquals("embeddedFpm.maxChildren", RelaxedSettingKeys.canonical("embeddedfpm.max-children"));
        assertEquals("embeddedFpm", RelaxedSettingKeys.canonical("embeddedfpm"));
        assertEquals("subscription.order.created.mail.maxInFlight",
                RelaxedSettingKeys.canonical("subscription.order.created.mail.maxinflight"));
        assertEquals("subscription.order.created.mail.retry.maxAttempts",
                RelaxedSettingKeys.canonical("SUBSCRIPTION.order.created.mail.retry.max-attempts"));
        assertEquals("subscription.order.created.mail", RelaxedSettingKeys.canonical("subscription.order.created.mail"));
        assertEquals("subscription.orders.mail.param.APP_ENV", RelaxedSettingKeys.canonical("subscription.orders.mail.PARAM.APP_ENV"));
    }

    @Test
    void freePartsAreKeptAsWritten() {
        assertEquals("route.Orders.EU.maxInFlight", RelaxedSettingKeys.canonical("route.Orders.EU.maxinflight"));
        assertEquals("route.orders", RelaxedSettingKeys.canonical("route.orders"));
        assertEquals("route.a.b", RelaxedSettingKeys.canonical("ROUTE.a.b"));
        assertEquals("embeddedFpm.phpIni.opcache.enable", RelaxedSettingKeys.canonical("embeddedfpm.phpini.opcache.enable"));
        assertEquals("route.mail.param.APP_ENV", RelaxedSettingKeys.canonical("route.mail.param.APP_ENV"));
        assertEquals("route.mail.x.param.a.b", RelaxedSettingKeys.canonical("route.mail.x.PARAM.a.b"));
        assertEquals("broker.ha", RelaxedSettingKeys.canonical("broker.ha"));
    }

    @Test
    void aKeyThatFitsNoShapeIsLeftForTheProviderToReject() {
        assertEquals("maxQueueMesages", RelaxedSettingKeys.canonical("maxQueueMesages"));
        assertEquals("", RelaxedSettingKeys.canonical(""));
    }

    @Test
    void twoSpellingsOfOneKeyWithDifferentValuesAreRejected() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("route.orders.maxInFlight", "2");
        settings.put("route.orders.maxinflight", "8");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RelaxedSettingKeys.canonical(settings));
        assertTrue(e.getMessage().contains("'route.orders.maxInFlight' twice"), e.getMessage());
        assertTrue(e.getMessage().contains("'route.orders.maxinflight' = '8'"), e.getMessage());

        settings.put("route.orders.maxinflight", "2");
        assertEquals(Map.of("route.orders.maxInFlight", "2"), RelaxedSettingKeys.canonical(settings));
    }
}
