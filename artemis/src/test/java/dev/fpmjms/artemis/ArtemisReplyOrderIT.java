package dev.fpmjms.artemis;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Broker mode keeps one producer's send order in its replies with {@code maxInFlight > 1} (the
 * default {@code replyOrder=producer}), on a real Artemis broker and a real php-fpm: the worker
 * sleeps longer for earlier requests, so php-fpm finishes them out of order, and the dispatcher
 * settles them in receive order all the same.
 */
@Timeout(180)
class ArtemisReplyOrderIT {
    private static final int IN_FLIGHT = 4;
    private static final int COUNT = 12;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static RecordingWorker worker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
        worker = RecordingWorker.start(dir, IN_FLIGHT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void repliesOfOneProducerComeBackInSendOrderWhenPhpFinishesThemOutOfOrder() throws Exception {
        String queue = "ordered";
        // request i sleeps (COUNT - i) x 40 ms: of the requests php-fpm runs together, the last sent finishes first
        String settings = worker.settings(broker.url(), queue, IN_FLIGHT, 40_000)
                + "route." + queue + ".param.SLEEP_DOWN_FROM=" + COUNT + "\n";
        FpmConfig.Builder b = FpmConfig.builder().name("order");
        FpmConfigParser.applySettings(b, settings.replace('\n', ';'));
        List<String> sent = IntStream.range(0, COUNT).mapToObj(Integer::toString).toList();
        List<String> replies = new ArrayList<>();
        try (ArtemisDispatcher dispatcher = ArtemisDispatcher.start(b.build());
             ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(broker.url());
             Connection c = f.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (String body : sent) {
                p.send(s.createTextMessage(body));
            }
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            c.start();
            for (int i = 0; i < COUNT; i++) {
                Message m = consumer.receive(PATIENCE.toMillis());
                assertNotNull(m, "reply " + i + " of " + COUNT + " within " + PATIENCE + "; had " + replies);
                replies.add(((TextMessage) m).getText());
            }
        }
        List<String> phpOrder = worker.runs(queue);
        System.out.printf("reply order: php-fpm finished %s, replies came %s%n", phpOrder, replies);
        assertNotEquals(sent, phpOrder, "php-fpm finished the requests in send order: the test shows nothing");
        assertEquals(sent, replies, "replies in the producer's send order");
    }
}
