package dev.fpmjms.examples;

import dev.fpmjms.examples.RequestReply.Order;
import dev.fpmjms.examples.RequestReply.Quote;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.TemporaryQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request/reply through a temporary queue on the embedded php-fpm. */
@Timeout(60)
class RequestReplyIT {

    @Test
    void everyOrderIsPricedByPhpAndMatchedByCorrelationId() throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(RequestReply.config("RequestReplyIT-orders"));
        try {
            List<Order> orders = List.of(
                    new Order("o-1", "pencil", 3, 250, false),      // 750
                    new Order("o-2", "notebook", 12, 199, false),   // 2388 less 5 % = 2268 (rounded down)
                    new Order("o-3", "pen", 1, 4500, true),         // 4500 + 1500 express
                    new Order("o-4", "eraser", 250, 40, false),     // 10000 less 15 % = 8500
                    new Order("o-5", "ink", 10, 1, true));          // 10 less 5 % = 9 + 1500
            List<Quote> quotes = RequestReply.run(factory, orders);

            assertEquals(List.of("o-1", "o-2", "o-3", "o-4", "o-5"), quotes.stream().map(Quote::orderId).toList());
            assertEquals(List.of(750L, 2268L, 6000L, 8500L, 1509L), quotes.stream().map(Quote::totalCents).toList());
            assertEquals(List.of((short) 0, (short) 5, (short) 0, (short) 15, (short) 5),
                    quotes.stream().map(Quote::discountPercent).toList());
            assertEquals(List.of(3, 12, 1, 250, 10), quotes.stream().map(Quote::quantity).toList());
            assertEquals(22.68, quotes.get(1).totalEuros());
            Set<String> ids = new HashSet<>();
            for (Quote q : quotes) {
                assertTrue(q.requestMessageId().startsWith("ID:"), q.requestMessageId());
                assertTrue(ids.add(q.requestMessageId()), "each reply answers its own request");
            }
        } finally {
            factory.shutdown();
        }
    }

    @Test
    void mapValuesKeepTheirJmsTypesBothWays() throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(RequestReply.config("RequestReplyIT-types"));
        try (JMSContext context = factory.createContext()) {
            MapMessage good = order(context);
            MapMessage reply = requestReply(context, good);
            assertTrue(reply.getBooleanProperty("priced"));
            assertEquals(good.getJMSMessageID(), reply.getJMSCorrelationID());
            assertInstanceOf(Integer.class, reply.getObject("quantity"));
            assertInstanceOf(Short.class, reply.getObject("discountPercent"));
            assertInstanceOf(Long.class, reply.getObject("totalCents"));
            assertInstanceOf(Double.class, reply.getObject("totalEuros"));
            assertEquals("typed", reply.getString("orderId"));

            MapMessage wrongType = order(context);
            wrongType.setString("quantity", "7");  // a String where the worker wants a JMS int
            MapMessage rejected = requestReply(context, wrongType);
            assertFalse(rejected.getBooleanProperty("priced"));
            assertEquals("'quantity' must be a JMS int, was string", rejected.getString("error"));
            assertEquals("typed", rejected.getString("orderId"));
        } finally {
            factory.shutdown();
        }
    }

    private static MapMessage order(JMSContext context) throws Exception {
        MapMessage m = context.createMapMessage();
        m.setString("orderId", "typed");
        m.setString("sku", "stapler");
        m.setInt("quantity", 7);
        m.setLong("unitPriceCents", 1000);
        m.setBoolean("express", false);
        return m;
    }

    private static MapMessage requestReply(JMSContext context, MapMessage request) {
        TemporaryQueue replies = context.createTemporaryQueue();
        context.createProducer().setJMSReplyTo(replies).send(context.createQueue(RequestReply.QUEUE), request);
        Message reply = context.createConsumer(replies).receive(30_000);
        assertNotNull(reply, "no reply from price.php within 30 s");
        return assertInstanceOf(MapMessage.class, reply);
    }
}
