package dev.fpmjms.jndi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jms.FpmQueue;
import java.time.Duration;
import javax.naming.BinaryRefAddr;
import javax.naming.ConfigurationException;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import javax.naming.spi.NamingManager;
import org.junit.jupiter.api.Test;

class FpmObjectFactoryTest {
    private static final String FACTORY = FpmObjectFactory.class.getName();
    private static final String MAIL = "fpm://?route.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php";

    /** A reference as Tomcat makes it from a context.xml Resource element. */
    private static Reference tomcat(String type, String... attributes) {
        Reference ref = new Reference(type);
        ref.add(new StringRefAddr("description", "fpm-jms"));
        ref.add(new StringRefAddr("scope", "Shareable"));
        ref.add(new StringRefAddr("auth", "Container"));
        ref.add(new StringRefAddr("singleton", "true"));
        ref.add(new StringRefAddr("factory", FACTORY));
        for (int i = 0; i < attributes.length; i += 2) {
            ref.add(new StringRefAddr(attributes[i], attributes[i + 1]));
        }
        return ref;
    }

    @Test
    void containerReferenceWithUriAndKeysMakesAFactory() throws Exception {
        Reference ref = tomcat(FpmConnectionFactory.class.getName(), "uri", MAIL, "maxQueueMessages", "500",
                "fpmjms.route.mail.readTimeout", "2m");
        Object made = new FpmObjectFactory().getObjectInstance(ref, null, null, null);
        assertEquals(FpmConfigParser.parseUri(MAIL + "&maxQueueMessages=500&route.mail.readTimeout=2m"),
                assertInstanceOf(FpmConnectionFactory.class, made).getConfig());
    }

    @Test
    void containerReferenceMayNameTheJmsInterface() throws Exception {
        Object made = new FpmObjectFactory().getObjectInstance(
                tomcat("jakarta.jms.ConnectionFactory", "uri", MAIL), null, null, null);
        assertEquals(FpmConfigParser.parseUri(MAIL), assertInstanceOf(FpmConnectionFactory.class, made).getConfig());
        made = new FpmObjectFactory().getObjectInstance(
                tomcat("jakarta.jms.QueueConnectionFactory", "uri", MAIL), null, null, null);
        assertInstanceOf(jakarta.jms.QueueConnectionFactory.class, made);
    }

    @Test
    void containerReferenceWithKeysOnly() throws Exception {
        Reference ref = tomcat(FpmConnectionFactory.class.getName(), "route.mail", "/run/php.sock|/srv/mail.php",
                "sendTimeout", "1s");
        FpmConfig c = FpmObjectFactory.config(ref);
        assertEquals(Duration.ofSeconds(1), c.sendTimeout());
        assertEquals("/srv/mail.php", c.routes().get("mail").script());
    }

    @Test
    void queueReference() throws Exception {
        Object made = new FpmObjectFactory().getObjectInstance(tomcat(FpmQueue.class.getName(), "name", "mail"), null, null, null);
        assertEquals("mail", assertInstanceOf(FpmQueue.class, made).getQueueName());
        made = new FpmObjectFactory().getObjectInstance(tomcat("jakarta.jms.Queue", "name", "audit"), null, null, null);
        assertEquals("audit", assertInstanceOf(FpmQueue.class, made).getQueueName());
    }

    @Test
    void topicReference() throws Exception {
        Object made = new FpmObjectFactory().getObjectInstance(
                tomcat(dev.fpmjms.jms.FpmTopic.class.getName(), "topicName", "order.created"), null, null, null);
        assertEquals("order.created", assertInstanceOf(dev.fpmjms.jms.FpmTopic.class, made).getTopicName());
        made = new FpmObjectFactory().getObjectInstance(tomcat("jakarta.jms.Topic", "name", "audit"), null, null, null);
        assertEquals("audit", assertInstanceOf(dev.fpmjms.jms.FpmTopic.class, made).getTopicName());
        Object t = NamingManager.getObjectInstance(FpmReferences.forTopic("order.created"), null, null, null);
        assertEquals(new dev.fpmjms.jms.FpmTopic("order.created"), t);
    }

    @Test
    void referencesRoundTripThroughTheNamingManager() throws Exception {
        FpmConfig config = FpmConfig.builder()
                .route(FpmRoute.builder("mail").endpoint("/run/php.sock").script("/srv/mail.php").maxInFlight(2).build())
                .route(FpmRoute.builder("*").build())
                .embeddedFpm(new EmbeddedFpmSettings(6, 0, java.util.Map.of(), null))
                .build();
        Reference ref = FpmReferences.forFactory(config);
        assertEquals(FACTORY, ref.getFactoryClassName());
        assertEquals(FpmConfigParser.toUri(config), ref.get(FpmReferences.URI).getContent());
        assertEquals(config, FpmObjectFactory.config(ref));
        assertEquals(config, assertInstanceOf(FpmConnectionFactory.class,
                NamingManager.getObjectInstance(ref, null, null, null)).getConfig());

        Object q = NamingManager.getObjectInstance(FpmReferences.forQueue("orders.new"), null, null, null);
        assertEquals("orders.new", assertInstanceOf(FpmQueue.class, q).getQueueName());
    }

    @Test
    void otherReferencesAreLeftToOtherFactories() throws Exception {
        assertNull(new FpmObjectFactory().getObjectInstance("not a reference", null, null, null));
        assertNull(new FpmObjectFactory().getObjectInstance(new Reference("javax.sql.DataSource"), null, null, null));
    }

    @Test
    void badReferencesNameTheProblem() {
        FpmObjectFactory f = new FpmObjectFactory();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> f.getObjectInstance(
                new Reference("javax.sql.DataSource", FACTORY, null), null, null, null));
        assertTrue(e.getMessage().endsWith("not: javax.sql.DataSource"), e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> f.getObjectInstance(
                tomcat(FpmConnectionFactory.class.getName(), "maxQueueMessages", "-1"), null, null, null));
        assertEquals("fpm-jms reference to dev.fpmjms.jms.FpmConnectionFactory: fpm-jms key 'maxQueueMessages' must be"
                + " a whole number (digits only), was: '-1'", e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> f.getObjectInstance(
                tomcat(FpmQueue.class.getName()), null, null, null));
        assertTrue(e.getMessage().startsWith("fpm-jms queue reference needs the address 'name'"), e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> f.getObjectInstance(
                tomcat(FpmQueue.class.getName(), "name", "a", "queue", "b"), null, null, null));
        assertTrue(e.getMessage().startsWith("fpm-jms queue reference has an unknown address 'queue'"), e.getMessage());
        Reference binary = tomcat(FpmConnectionFactory.class.getName());
        binary.add(new BinaryRefAddr("uri", new byte[] {1}));
        e = assertThrows(ConfigurationException.class, () -> f.getObjectInstance(binary, null, null, null));
        assertEquals("fpm-jms reference address 'uri' must hold a String, was: [B", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FpmReferences.forQueue(" "));
    }
}
