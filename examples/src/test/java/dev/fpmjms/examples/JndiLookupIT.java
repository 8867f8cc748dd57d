package dev.fpmjms.examples;

import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jndi.FpmInitialContextFactory;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JNDI lookups (class path jndi.properties plus an environment) and a round trip through PHP. */
@Timeout(60)
class JndiLookupIT {

    @Test
    void looksUpFactoryAndQueueAndGetsPhpReplies() throws Exception {
        Context naming = new InitialContext(JndiLookup.environment("JndiLookupIT-greetings"));
        FpmConnectionFactory factory = assertInstanceOf(FpmConnectionFactory.class,
                naming.lookup(JndiLookup.FACTORY_NAME));
        try {
            assertEquals(FpmInitialContextFactory.class.getName(),
                    naming.getEnvironment().get(Context.INITIAL_CONTEXT_FACTORY), "read from jndi.properties");
            assertEquals("JndiLookupIT-greetings", factory.getConfig().name(), "from the URI in the environment");
            assertEquals(10_000, factory.getConfig().maxQueueMessages(), "fpmjms.* from jndi.properties applies on top");
            assertEquals("greetings", ((Queue) naming.lookup(JndiLookup.QUEUE_NAME)).getQueueName());
            assertThrows(NameNotFoundException.class, () -> naming.lookup("jms/nothing"));

            List<String> replies = JndiLookup.run(naming, List.of("Ada", "Grace", "Barbara"));

            assertEquals(3, replies.size());
            assertTrue(replies.get(0).startsWith("Hello, Ada! (from PHP 8."), replies.get(0));
            assertTrue(replies.get(1).startsWith("Hello, Grace! "), replies.get(1));
            assertTrue(replies.get(2).startsWith("Hello, Barbara! "), replies.get(2));
        } finally {
            factory.shutdown();
            naming.close();
        }
    }
}
