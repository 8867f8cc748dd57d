package dev.fpmjms.integrations.spring;

import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.jms.listener.MessageListenerContainer;
import org.springframework.jms.support.JmsHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot application against the embedded php-fpm, configured only by
 * {@code application.properties}. The context is closed after the class, which shuts the factory
 * (and php-fpm) down.
 */
@SpringBootTest(properties = "fpmjms.settings[localQueues]=" + FpmJmsApplicationIT.RETRIES)
@Import(FpmJmsApplicationIT.FailingOnceListener.class)
@DirtiesContext
@Timeout(60)
class FpmJmsApplicationIT {
    static final String RETRIES = "retries";

    /** A listener on a local queue that fails the first delivery of each message. */
    static class FailingOnceListener {
        final BlockingQueue<String> log = new LinkedBlockingQueue<>();

        @JmsListener(destination = RETRIES)
        void onMessage(String text, @Header(JmsHeaders.REDELIVERED) boolean redelivered) {
            log.add(text + (redelivered ? " redelivered" : " first"));
            if (!redelivered) {
                throw new IllegalStateException("failing the first delivery of " + text + " on purpose");
            }
        }
    }

    @DynamicPropertySource
    static void workers(DynamicPropertyRegistry registry) {
        registry.add(WorkerScripts.DIRECTORY_PROPERTY, WorkerScripts.install()::toString);
    }

    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    JmsTemplate jmsTemplate;
    @Autowired
    JmsListenerEndpointRegistry listeners;
    @Autowired
    OrderService orders;
    @Autowired
    InvoiceListener invoices;
    @Autowired
    ShippingClient shipping;
    @Autowired
    FailingOnceListener failingOnce;
    @Autowired
    HealthEndpoint health;

    @Test
    void theFactoryBeanIsConfiguredFromApplicationProperties() {
        FpmConnectionFactory factory = assertInstanceOf(FpmConnectionFactory.class, connectionFactory);
        assertEquals("spring-boot-example", factory.getConfig().name());
        assertEquals(5000, factory.getConfig().maxQueueMessages());
        assertEquals(2, factory.getConfig().routes().get("orders").maxInFlight());
        assertTrue(factory.getConfig().routes().get("shipping").script().endsWith("/shipping.php"));
        assertSame(connectionFactory, jmsTemplate.getConnectionFactory(), "Boot's JmsTemplate uses the bean");
    }

    @Test
    void theListenersRunInBootsDefaultContainer() {
        List<MessageListenerContainer> containers = List.copyOf(listeners.getListenerContainers());
        assertEquals(2, containers.size());
        for (MessageListenerContainer c : containers) {
            DefaultMessageListenerContainer container = assertInstanceOf(DefaultMessageListenerContainer.class, c);
            assertTrue(container.isSessionTransacted(), "Spring Boot's default: transacted sessions");
            assertTrue(container.isRunning());
        }
        assertEquals(Set.of(OrderService.QUEUE, RETRIES), containers.stream()
                .map(c -> ((DefaultMessageListenerContainer) c).getDestinationName()).collect(Collectors.toSet()));
    }

    @Test
    void aFailingListenerRollsBackAndGetsTheMessageAgain() throws Exception {
        jmsTemplate.convertAndSend(RETRIES, "job-1");
        assertEquals("job-1 first", failingOnce.log.poll(30, TimeUnit.SECONDS));
        assertEquals("job-1 redelivered", failingOnce.log.poll(30, TimeUnit.SECONDS));
        assertNull(failingOnce.log.poll(200, TimeUnit.MILLISECONDS), "accepted the second time, not delivered again");
    }

    @Test
    void ordersGoToPhpAsJsonAndInvoicesComeBackToTheListener() throws Exception {
        orders.place(new Order("A-1", List.of(new OrderLine("pencil", 3, 250), new OrderLine("pad", 1, 1200))));
        orders.place(new Order("A-2", List.of(new OrderLine("ink", 10, 99))));
        orders.place(new Order("A-3", List.of()));

        Set<Invoice> got = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            got.add(invoices.next(Duration.ofSeconds(30)));
        }
        Invoice a1 = find(got, "A-1");
        assertEquals(2, a1.lines());
        assertEquals(4, a1.units());
        assertEquals(1950, a1.netCents());
        assertEquals(390, a1.vatCents());
        assertEquals(2340, a1.totalCents());
        assertTrue(a1.computedBy().startsWith("PHP 8."), a1.computedBy());
        Invoice a2 = find(got, "A-2");
        assertEquals(990, a2.netCents());
        assertEquals(198, a2.vatCents());
        Invoice a3 = find(got, "A-3");
        assertEquals(0, a3.lines());
        assertEquals(0, a3.totalCents());
    }

    @Test
    void sendAndReceiveIsAnsweredByPhp() throws Exception {
        ShippingQuote fr = shipping.quote(new ShippingRequest("FR", 1500));
        assertEquals(new ShippingQuote("FR", "La Poste", 590 + 3 * 120, null), fr);
        ShippingQuote us = shipping.quote(new ShippingRequest("us", 1));
        assertEquals(new ShippingQuote("US", "UPS", 1990 + 450, null), us);
        ShippingQuote nowhere = shipping.quote(new ShippingRequest("XX", 100));
        assertNull(nowhere.carrier());
        assertEquals("no shipping to 'XX'", nowhere.error());
    }

    @Test
    void actuatorHealthShowsEachRouteOnTheEmbeddedPhpFpmWithItsPool() {
        HealthComponent fpmjms = health.healthForPath("fpmjms");
        assertEquals(Status.UP, fpmjms.getStatus(), String.valueOf(fpmjms));
        Map<?, ?> routes = (Map<?, ?>) ((Health) fpmjms).getDetails().get("routes");
        assertEquals(Set.of("orders", "shipping"), routes.keySet());
        for (Object route : routes.values()) {
            Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) ((Map<?, ?>) route).get("endpoints")).get(0);
            assertEquals(true, endpoint.get("reachable"), String.valueOf(route));
            Map<?, ?> pool = (Map<?, ?>) endpoint.get("pool");
            assertTrue(pool != null && (Integer) pool.get("totalProcesses") >= 1, "the embedded pool's status page: " + route);
        }
    }

    private static Invoice find(Set<Invoice> invoices, String orderId) {
        return invoices.stream().filter(i -> i.orderId().equals(orderId)).findFirst()
                .orElseThrow(() -> new AssertionError("no invoice for " + orderId + " in " + invoices));
    }
}
