package dev.fpmjms.artemis;

import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.FpmRoute;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatcherWindowTest {
    private static final FpmRoute ROUTE = FpmRoute.builder("jobs").maxInFlight(4).build();

    @Test
    void aDispatcherHoldsTwiceMaxInFlightInItsGateway() {
        assertEquals(8, ArtemisDispatcher.held(ROUTE));
    }

    @Test
    void theWindowIsAKibibytePerHeldRequestUnlessTheBrokerSettingsSayOtherwise() {
        assertEquals(8 * 1024, ArtemisDispatcher.windowBytes(ROUTE, BrokerSettings.of("tcp://a:61616")));
        assertEquals(65536, ArtemisDispatcher.windowBytes(ROUTE,
                BrokerSettings.of("tcp://a:61616").withOption("consumerWindowSize", "65536")));
        assertEquals(8 * 1024, ArtemisDispatcher.windowBytes(ROUTE,
                BrokerSettings.of("tcp://a:61616").withOption("consumerWindowSize", "0")), "0 (no buffer) cannot pipeline");
    }

    @Test
    void aWindowThatIsNoNumberIsRefusedNamingTheKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArtemisDispatcher.windowBytes(ROUTE,
                BrokerSettings.of("tcp://a:61616").withOption("consumerWindowSize", "64k")));
        assertTrue(e.getMessage().contains("broker.consumerWindowSize") && e.getMessage().contains("'64k'"), e.getMessage());
    }
}
