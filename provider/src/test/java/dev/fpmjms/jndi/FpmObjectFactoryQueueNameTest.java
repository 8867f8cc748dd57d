package dev.fpmjms.jndi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpmjms.jms.FpmQueue;
import javax.naming.ConfigurationException;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's {@code <Resource>} uses the attribute {@code name} for the JNDI name, so a queue
 * resource names its queue in {@code queueName}; the reference then has no {@code name} address.
 */
class FpmObjectFactoryQueueNameTest {

    private static Reference tomcatQueue(String... attributes) {
        Reference ref = new Reference("jakarta.jms.Queue");
        ref.add(new StringRefAddr("auth", "Container"));
        ref.add(new StringRefAddr("factory", FpmObjectFactory.class.getName()));
        for (int i = 0; i < attributes.length; i += 2) {
            ref.add(new StringRefAddr(attributes[i], attributes[i + 1]));
        }
        return ref;
    }

    @Test
    void queueNameAttributeNamesTheQueue() throws Exception {
        Object queue = new FpmObjectFactory().getObjectInstance(tomcatQueue("queueName", "jobs"), null, null, null);
        assertEquals(new FpmQueue("jobs"), queue);
    }

    @Test
    void bothAddressesAreRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new FpmObjectFactory()
                .getObjectInstance(tomcatQueue("name", "a", "queueName", "b"), null, null, null));
        assertTrue(e.getMessage().contains("names its queue twice: 'name' and 'queueName'"), e.getMessage());
    }
}
