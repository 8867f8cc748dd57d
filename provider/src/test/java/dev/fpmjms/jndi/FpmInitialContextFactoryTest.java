package dev.fpmjms.jndi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jms.FpmQueue;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.naming.CompositeName;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.Test;

class FpmInitialContextFactoryTest {
    private static final String ORDERS = "fpm://?route.orders=unix:/run/php/php8.2-fpm.sock|/srv/app/orders.php";

    private static Hashtable<String, Object> env(String... keyValues) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FpmInitialContextFactory.class.getName());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** Bindings with the configurations and queue names themselves bound, to compare them. */
    private static Map<String, Object> plain(Hashtable<String, Object> env) throws NamingException {
        return FpmInitialContextFactory.bindings(env, Function.identity(), Function.identity());
    }

    @Test
    void environmentEntriesBindFactoriesAndQueues() throws NamingException {
        Hashtable<String, Object> env = env("connectionFactory.Orders", ORDERS, "queue.jms/orders", "orders",
                "queue.replies", "orders.replies");
        InitialContext ctx = new InitialContext(env);
        try {
            Object cf = ctx.lookup("Orders");
            assertEquals(FpmConfigParser.parseUri(ORDERS), assertInstanceOf(FpmConnectionFactory.class, cf).getConfig());
            assertSame(cf, ctx.lookup(new CompositeName("Orders")));
            FpmQueue q = assertInstanceOf(FpmQueue.class, ctx.lookup("jms/orders"));
            assertEquals("orders", q.getQueueName());
            assertEquals("orders.replies", assertInstanceOf(FpmQueue.class, ctx.lookup("replies")).getQueueName());
        } finally {
            ctx.close();
        }
        assertEquals(Map.of("Orders", FpmConfigParser.parseUri(ORDERS), "jms/orders", "orders", "replies", "orders.replies"),
                plain(env));
    }

    @Test
    void providerUrlBindsConnectionFactoryAndSettingsApplyToEveryFactory() throws NamingException {
        Map<String, Object> b = plain(env(Context.PROVIDER_URL, "fpm:?route.a=h:9000|/a.php",
                "connectionFactory.Orders", ORDERS, "fpmjms.maxQueueMessages", "77", "fpmjms.sendTimeout", "2s"));
        assertEquals(FpmConfigParser.parseUri("fpm:?route.a=h:9000|/a.php&maxQueueMessages=77&sendTimeout=2s"),
                b.get("ConnectionFactory"));
        assertEquals(FpmConfigParser.parseUri(ORDERS + "&maxQueueMessages=77&sendTimeout=2s"), b.get("Orders"));
        assertEquals(2, b.size());
    }

    @Test
    void jndiPropertiesOnTheClassPathIsRead() throws Exception {
        URL dir = getClass().getResource("classpath/");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            InitialContext ctx = new InitialContext();
            FpmConnectionFactory cf = assertInstanceOf(FpmConnectionFactory.class, ctx.lookup("Orders"));
            assertEquals(FpmConfigParser.parseUri(ORDERS + "&route.orders.maxInFlight=8&maxQueueMessages=5000"), cf.getConfig());
            assertEquals("orders", assertInstanceOf(FpmQueue.class, ctx.lookup("jms/orders")).getQueueName());
            @SuppressWarnings("unchecked")
            Hashtable<String, Object> merged = (Hashtable<String, Object>) ctx.getEnvironment();
            assertEquals(FpmConfigParser.parseUri(ORDERS + "&route.orders.maxInFlight=8&maxQueueMessages=5000"),
                    plain(merged).get("Orders"));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void unknownNameIsNotFoundAndListsBoundNames() throws NamingException {
        InitialContext ctx = new InitialContext(env("connectionFactory.Orders", ORDERS, "queue.mail", "mail"));
        NameNotFoundException e = assertThrows(NameNotFoundException.class, () -> ctx.lookup("Mail"));
        assertTrue(e.getMessage().startsWith("fpm-jms JNDI: nothing is bound to 'Mail'; bound names: [Orders, mail]"),
                e.getMessage());
        assertThrows(NameNotFoundException.class, () -> ctx.lookup(new CompositeName("jms/nothing")));
    }

    @Test
    void contextIsReadOnlyAndListsItsBindings() throws NamingException {
        InitialContext ctx = new InitialContext(env("connectionFactory.Orders", ORDERS, "queue.mail", "mail"));
        OperationNotSupportedException e = assertThrows(OperationNotSupportedException.class,
                () -> ctx.bind("x", new FpmQueue("x")));
        assertTrue(e.getMessage().startsWith("fpm-jms JNDI context is read-only, cannot bind x"), e.getMessage());
        assertThrows(OperationNotSupportedException.class, () -> ctx.rebind("mail", new FpmQueue("x")));
        assertThrows(OperationNotSupportedException.class, () -> ctx.unbind("mail"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.createSubcontext("jms"));
        List<String> listed = new ArrayList<>();
        NamingEnumeration<NameClassPair> names = ctx.list("");
        while (names.hasMore()) {
            NameClassPair p = names.next();
            listed.add(p.getName() + "=" + p.getClassName());
        }
        assertEquals(List.of("Orders=" + FpmConnectionFactory.class.getName(), "mail=" + FpmQueue.class.getName()), listed);
        assertThrows(NotContextException.class, () -> ctx.list("mail"));
        assertNotSame(ctx.lookup(""), ctx.lookup(""));
    }

    @Test
    void topicEntriesBindTopics() throws NamingException {
        InitialContext ctx = new InitialContext(env("connectionFactory.Orders", ORDERS, "topic.jms/events", "order.created"));
        try {
            assertEquals(new dev.fpmjms.jms.FpmTopic("order.created"), ctx.lookup("jms/events"));
        } finally {
            ctx.close();
        }
    }

    @Test
    void badEntriesFailWithTheEntryName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new InitialContext(env("connectionFactory.Orders", "fpm:?route.orders=h:1")));
        assertTrue(e.getMessage().startsWith("fpm-jms JNDI entry 'connectionFactory.Orders': fpm-jms key 'route.orders'"
                + " must be ENDPOINTS|SCRIPT"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getRootCause());
        e = assertThrows(ConfigurationException.class,
                () -> new InitialContext(env(Context.PROVIDER_URL, "tcp://localhost:61616")));
        assertTrue(e.getMessage().startsWith("fpm-jms JNDI entry 'java.naming.provider.url': fpm-jms URI must start with 'fpm:'"),
                e.getMessage());
        e = assertThrows(ConfigurationException.class,
                () -> new InitialContext(env("connectionFactory.Orders", ORDERS, "fpmjms.maxQueueMesages", "5")));
        assertTrue(e.getMessage().contains("Unknown fpm-jms key 'maxQueueMesages'; did you mean maxQueueMessages?"),
                e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> new InitialContext(env("topic.news", " ")));
        assertEquals("fpm-jms JNDI entry 'topic.news' must name a topic, was empty", e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> new InitialContext(env("queue.", "x")));
        assertEquals("fpm-jms JNDI entry 'queue.' has no name after 'queue.'", e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> new InitialContext(
                env(Context.PROVIDER_URL, "fpm:", "connectionFactory.ConnectionFactory", "fpm:")));
        assertTrue(e.getMessage().startsWith("fpm-jms JNDI name 'ConnectionFactory' is bound twice"), e.getMessage());
        Hashtable<String, Object> notString = env();
        notString.put("queue.q", 42);
        e = assertThrows(ConfigurationException.class, () -> new InitialContext(notString));
        assertEquals("fpm-jms JNDI entry 'queue.q' must be a String, was: java.lang.Integer", e.getMessage());
    }

    @Test
    void environmentIsCopiedAndEditable() throws NamingException {
        InitialContext ctx = new InitialContext(env("queue.mail", "mail"));
        ctx.addToEnvironment("x", "1");
        assertEquals("1", ctx.getEnvironment().get("x"));
        assertEquals("mail", assertInstanceOf(FpmQueue.class, ctx.lookup("mail")).getQueueName());
    }

    @Test
    void settingsAlonePlusProviderUrlGiveAConfiguredDefaultFactory() throws NamingException {
        FpmConfig c = (FpmConfig) plain(env(Context.PROVIDER_URL, "fpm:", "fpmjms.deadLetterQueue", "dead"))
                .get("ConnectionFactory");
        assertEquals("dead", c.deadLetterQueue());
    }
}
