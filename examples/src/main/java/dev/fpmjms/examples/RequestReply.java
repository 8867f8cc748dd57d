package dev.fpmjms.examples;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request/reply with a temporary queue and the message-id correlation pattern: each order goes to
 * the queue {@code pricing} as a {@link MapMessage} with {@code JMSReplyTo} set to a
 * {@link TemporaryQueue}; the PHP worker ({@code php/price.php}) reads the typed map values,
 * computes a price and replies with a MapMessage whose {@code JMSCorrelationID} is the request's
 * {@code JMSMessageID} (the worker's default), which is how the requester matches replies to
 * orders although they come back in any order.
 *
 * <p>Run it with {@code bash scripts/run-example.sh RequestReply}.
 */
public final class RequestReply {
    /** The worker queue. */
    public static final String QUEUE = "pricing";

    /** How long {@link #run} waits for each reply. */
    static final long REPLY_TIMEOUT_MILLIS = 30_000;

    /** An order as the requester knows it. */
    public record Order(String id, String sku, int quantity, long unitPriceCents, boolean express) {
    }

    /**
     * A priced order, read from the worker's reply with the typed getters.
     *
     * @param requestMessageId the JMSMessageID of the request, which the reply carried as its JMSCorrelationID
     */
    public record Quote(String orderId, String requestMessageId, int quantity, short discountPercent,
                        long totalCents, double totalEuros) {
    }

    /** The orders {@link #main} prices. */
    public static final List<Order> ORDERS = List.of(
            new Order("A-1001", "pencil", 3, 250, false),
            new Order("A-1002", "notebook", 12, 199, false),
            new Order("A-1003", "fountain-pen", 1, 4500, true),
            new Order("A-1004", "eraser", 250, 40, false));

    private RequestReply() {
    }

    /** The queue {@value #QUEUE} served by {@code price.php} on an embedded php-fpm. */
    public static FpmConfig config(String name) {
        return FpmConfig.builder()
                .name(name)
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .route(FpmRoute.builder(QUEUE)
                        .endpoint(FpmRoute.EMBEDDED)
                        .script(PhpWorkers.install("price.php").toString())
                        .build())
                .build();
    }

    /**
     * Sends every order, then collects one reply per order from the temporary queue and matches
     * it by correlation id. Blocks the caller.
     *
     * @return the quotes in the order of {@code orders}
     * @throws IllegalStateException when a reply does not come within 30 s, answers no request, or
     *                               reports an error
     */
    public static List<Quote> run(ConnectionFactory factory, List<Order> orders) throws JMSException {
        try (JMSContext context = factory.createContext()) {
            Queue pricing = context.createQueue(QUEUE);
            TemporaryQueue replies = context.createTemporaryQueue();
            JMSConsumer replyConsumer = context.createConsumer(replies);
            JMSProducer producer = context.createProducer().setJMSReplyTo(replies);

            Map<String, Order> pending = new LinkedHashMap<>();  // request JMSMessageID -> order
            for (Order order : orders) {
                MapMessage request = context.createMapMessage();
                request.setString("orderId", order.id());
                request.setString("sku", order.sku());
                request.setInt("quantity", order.quantity());
                request.setLong("unitPriceCents", order.unitPriceCents());
                request.setBoolean("express", order.express());
                producer.send(pricing, request);
                pending.put(request.getJMSMessageID(), order);  // set by send()
            }

            Map<String, Quote> quotes = new LinkedHashMap<>();
            while (quotes.size() < orders.size()) {
                Message reply = replyConsumer.receive(REPLY_TIMEOUT_MILLIS);
                if (reply == null) {
                    throw new IllegalStateException("no reply within " + REPLY_TIMEOUT_MILLIS + " ms; "
                            + (orders.size() - quotes.size()) + " of " + orders.size() + " orders unanswered");
                }
                Order order = pending.remove(reply.getJMSCorrelationID());
                if (order == null) {
                    throw new IllegalStateException("a reply answers no pending request: JMSCorrelationID "
                            + reply.getJMSCorrelationID());
                }
                quotes.put(order.id(), quoteOf((MapMessage) reply, reply.getJMSCorrelationID()));
            }
            List<Quote> inOrder = new ArrayList<>();
            orders.forEach(o -> inOrder.add(quotes.get(o.id())));
            return inOrder;
        }
    }

    private static Quote quoteOf(MapMessage reply, String correlationId) throws JMSException {
        if (!reply.getBooleanProperty("priced")) {
            throw new IllegalStateException("order " + reply.getString("orderId") + " not priced: " + reply.getString("error"));
        }
        return new Quote(reply.getString("orderId"), correlationId, reply.getInt("quantity"),
                reply.getShort("discountPercent"), reply.getLong("totalCents"), reply.getDouble("totalEuros"));
    }

    public static void main(String[] args) throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(config("request-reply"));
        try {
            for (Quote q : run(factory, ORDERS)) {
                System.out.printf("%s: %4d x -> %8.2f EUR (discount %d%%)  [reply to %s]%n",
                        q.orderId(), q.quantity(), q.totalEuros(), q.discountPercent(), q.requestMessageId());
            }
        } finally {
            factory.shutdown();
        }
    }
}
