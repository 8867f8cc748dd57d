package dev.fpmjms.tracing;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.transport.FakeFcgiServer;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link NoOpenTelemetryTest} in a class loader without the OpenTelemetry API: a send, its
 * dispatch to a fake FastCGI server, the synchronous receive of its reply and a listener's delivery,
 * with tracing on. Returns what it saw, one {@code key=value} per line.
 */
public final class WithoutOpenTelemetry implements Callable<String> {
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Override
    public String call() throws Exception {
        StringBuilder seen = new StringBuilder("spans=" + Tracing.of(true).spans() + "\n");
        try (FakeFcgiServer php = FakeFcgiServer.replying((c, r) -> FakeFcgiServer.Reply.stdout(
                "Status: 200\r\nContent-Type: text/plain\r\n\r\ndone"))) {
            FpmConfig config = FpmConfig.builder().name("no-otel-" + UUID.randomUUID()).tracing(true).localQueue("plain")
                    .route(FpmRoute.builder("work").endpoint(php.endpoint().toString()).script("/srv/work.php").build())
                    .build();
            FpmConnectionFactory factory = new FpmConnectionFactory(config, FcgiGatewayFactory::new, new EngineRegistry());
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TemporaryQueue replies = session.createTemporaryQueue();
                TextMessage request = session.createTextMessage("work");
                request.setStringProperty("traceparent", TRACEPARENT);
                request.setJMSReplyTo(replies);
                session.createProducer(session.createQueue("work")).send(request);
                Message reply = session.createConsumer(replies).receive(30_000);
                seen.append("reply=").append(reply == null ? "none" : ((TextMessage) reply).getText()).append('\n');
                seen.append("replyTraceparent=").append(reply == null ? "none" : reply.getStringProperty("traceparent"))
                        .append('\n');

                BlockingQueue<String> heard = new ArrayBlockingQueue<>(1);
                Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                listening.createConsumer(listening.createQueue("plain")).setMessageListener(m -> heard.add("heard"));
                session.createProducer(session.createQueue("plain")).send(session.createTextMessage("hello"));
                seen.append("listener=").append(heard.poll(30, TimeUnit.SECONDS)).append('\n');
            } finally {
                factory.close();
            }
        }
        return seen.toString();
    }
}
