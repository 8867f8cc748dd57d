package dev.fpmjms.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JndiLookupTest {

    @Test
    void uriValuesEscapeWhatTheUriGrammarReserves() {
        assertEquals("/tmp/a%20b%26c%23d%25e|f.php", JndiLookup.uriValue("/tmp/a b&c#d%e|f.php"));
    }

    @Test
    void theEnvironmentBindsOneFactoryWithTheConfigName() {
        var env = JndiLookup.environment("x y");
        assertEquals(1, env.size());
        String uri = env.get("connectionFactory." + JndiLookup.FACTORY_NAME);
        assertTrue(uri.startsWith("fpm://?name=x%20y&route.greetings=embedded|/"), uri);
        assertTrue(uri.endsWith("/greet.php"), uri);
    }
}
