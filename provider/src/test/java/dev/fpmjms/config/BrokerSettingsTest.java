package dev.fpmjms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The broker-mode keys: {@code broker}, {@code broker.<option>}, {@code brokerDispatch}, in every form. */
class BrokerSettingsTest {

    private static final String MAIL = "route.mail=tcp://php:9000|/srv/app/mail.php";

    private static FpmConfig expected() {
        return FpmConfig.builder()
                .route(FpmRoute.builder("mail").endpoint("tcp://php:9000").script("/srv/app/mail.php").build())
                .broker(new BrokerSettings(List.of("tcp://a1:61616", "tcp://a2:61616"),
                        Map.of("user", "app", "password", "s&cr=t", "ha", "true"), false))
                .build();
    }

    @Test
    void uriFormReadsAndWritesBack() {
        FpmConfig c = FpmConfigParser.parseUri("fpm://?" + MAIL + "&broker=tcp://a1:61616,tcp://a2:61616"
                + "&broker.user=app&broker.password=s%26cr%3Dt&broker.ha=true&brokerDispatch=false");
        assertEquals(expected(), c);
        String uri = FpmConfigParser.toUri(c);
        assertEquals("fpm://?route.mail=tcp://php:9000|/srv/app/mail.php&broker=tcp://a1:61616,tcp://a2:61616"
                + "&brokerDispatch=false&broker.ha=true&broker.password=s%26cr%3Dt&broker.user=app", uri);
        assertEquals(c, FpmConfigParser.parseUri(uri));
    }

    @Test
    void propertiesAndSettingsStringFormsGiveTheSameConfiguration() {
        Properties p = new Properties();
        p.setProperty("route.mail", "tcp://php:9000|/srv/app/mail.php");
        p.setProperty("fpmjms.broker", "tcp://a1:61616, tcp://a2:61616");
        p.setProperty("broker.user", "app");
        p.setProperty("fpmjms.broker.password", "s&cr=t");
        p.setProperty("broker.ha", "true");
        p.setProperty("brokerDispatch", "FALSE");
        assertEquals(expected(), FpmConfigParser.fromProperties(p));

        FpmConfig.Builder b = FpmConfig.builder();
        FpmConfigParser.applySettings(b, MAIL + "; broker=tcp://a1:61616,tcp://a2:61616; broker.user=app;"
                + " broker.password=s%26cr%3Dt; broker.ha=true; brokerDispatch=false");
        assertEquals(expected(), b.build());
    }

    @Test
    void withoutBrokerTheModeIsOffAndDispatchDefaultsOn() {
        assertNull(FpmConfigParser.parseUri("fpm://?" + MAIL).broker());
        BrokerSettings b = FpmConfigParser.parseUri("fpm://?broker=tcp://a1:61616").broker();
        assertEquals(List.of("tcp://a1:61616"), b.urls());
        assertTrue(b.dispatch());
        assertTrue(b.options().isEmpty());
    }

    @Test
    void aBrokerOptionOrDispatchSwitchWithoutABrokerIsRejectedNamingIt() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?broker.user=app")).getMessage();
        assertTrue(m.contains("'broker'") && m.contains("broker.user"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?brokerDispatch=false")).getMessage();
        assertTrue(m.contains("'broker'") && m.contains("brokerDispatch=false"), m);
    }

    @Test
    void badBrokerValuesNameTheKeyTheValueAndTheForm() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?broker=a1:61616")).getMessage();
        assertTrue(m.contains("broker") && m.contains("a1:61616") && m.contains("scheme://host:port"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?broker=tcp://a1:61616%3Fha%3Dtrue")).getMessage();
        assertTrue(m.contains("without options") && m.contains("broker.<option>"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?broker=tcp://a1:61616&brokerDispatch=sometimes")).getMessage();
        assertTrue(m.contains("brokerDispatch") && m.contains("sometimes"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?broker=tcp://a1:61616&broker.us%20er=x")).getMessage();
        assertTrue(m.contains("us er") && m.contains("option name"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?broker=tcp://a1:61616&broker=tcp://a1:61616,")).getMessage();
        assertTrue(m.contains("broker"), m);
    }

    @Test
    void unknownKeyListsTheBrokerKeys() {
        String m = assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.parseUri("fpm://?brokr=x")).getMessage();
        assertTrue(m.contains("did you mean broker"), m);
        assertTrue(m.contains("broker.<option>") && m.contains("brokerDispatch"), m);
    }

    @Test
    void builderCopiesKeepTheBrokerAndNullSwitchesItOff() {
        FpmConfig c = expected();
        assertEquals(c, c.toBuilder().build());
        assertNull(c.toBuilder().broker(null).build().broker());
        assertFalse(c.broker().dispatch());
        assertTrue(c.broker().withDispatch(true).dispatch());
        assertEquals("x", c.broker().withOption("clientID", "x").options().get("clientID"));
    }
}
