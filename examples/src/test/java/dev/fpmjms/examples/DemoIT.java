package dev.fpmjms.examples;

import dev.fpmjms.examples.Demo.Greeting;
import dev.fpmjms.examples.Demo.Person;
import dev.fpmjms.jms.FpmConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README demo on the embedded php-fpm. */
@Timeout(60)
class DemoIT {

    @Test
    void everyoneIsGreetedInTheirLanguageByPhp() throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(Demo.config("DemoIT-greetings"));
        try {
            List<Person> people = new ArrayList<>(Demo.PEOPLE);
            people.add(new Person("Zoë", "xx"));  // an unknown language falls back to English
            List<Greeting> greetings = Demo.run(factory, people);

            Map<String, String> byLanguageAndText = new TreeMap<>();
            for (Greeting g : greetings) {
                assertEquals(200, g.status(), g.text());
                assertTrue(g.workerMillis() >= 0, g.text());
                assertTrue(g.text().contains("(from PHP 8."), "the text comes from the PHP worker: " + g.text());
                byLanguageAndText.put(g.text().substring(0, g.text().indexOf('!') + 1), g.language());
            }
            assertEquals(Map.of(
                    "Hello, Ada!", "en", "Bonjour, Marie!", "fr", "Hallo, Emmy!", "de",
                    "Hola, Frida!", "es", "Hello, Grace!", "en", "Hello, Zoë!", "xx"), byLanguageAndText);
        } finally {
            factory.shutdown();
        }
    }
}
