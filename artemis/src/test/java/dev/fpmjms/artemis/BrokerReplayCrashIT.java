package dev.fpmjms.artemis;

import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay on the broker killed midway leaves every dead letter in exactly one place: a child JVM
 * replaying {@value #LETTERS} dead letters of worker queue {@code crash} (declared, no dispatcher:
 * what is replayed stays on its request queue) is killed with {@code kill -9} once some are back;
 * afterwards each dead letter is either still on {@code DLQ} or on {@code fpm.requests.crash},
 * never in both, never in neither (the batches the child committed moved, the one it was in rolled
 * back). Prints {@code dead letters N replayed X stayed Y inBoth 0 lost 0}.
 */
@Timeout(300)
class BrokerReplayCrashIT {
    private static final int LETTERS = 3000;
    private static final long WAIT_MS = 120_000;

    @TempDir
    Path dir;

    @Test
    void aReplayKilledMidwayLeavesEachDeadLetterInExactlyOnePlace() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), 0)) {
            FpmConfig config = FpmConfig.builder().name("replay-crash").broker(BrokerSettings.of(broker.url()))
                    .route(FpmRoute.builder("crash").endpoint("127.0.0.1:9").build()).build();
            try (WorkerQueueDeclarer declarer = new WorkerQueueDeclarer(config)) {
                declarer.declareAll();
            }
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
            try (Connection c = factory.createConnection()) {
                c.start();
                Set<String> all = deadLetters(c, LETTERS);

                long killedAt;
                try (ChildJvm child = ChildJvm.start(ReplayingChild.class, dir.resolve("child.err"), broker.url())) {
                    child.awaitLine(ReplayingChild.REPLAYING, Duration.ofSeconds(60));
                    killedAt = awaitCount(c, WorkerQueues.requestQueue("crash"), 300);
                    child.kill9();
                }
                // the broker rolls the killed client's open transaction back once it sees the connection gone
                String workerQueue = "crash::" + WorkerQueues.requestQueue("crash");
                Await.until("the killed replay's batch came back to DLQ", Duration.ofMillis(WAIT_MS),
                        () -> browse(c, "DLQ").size() + browse(c, workerQueue).size() >= LETTERS);
                Set<String> stayed = browse(c, "DLQ");
                Set<String> replayed = browse(c, workerQueue);

                Set<String> inBoth = new HashSet<>(stayed);
                inBoth.retainAll(replayed);
                Set<String> lost = new HashSet<>(all);
                lost.removeAll(stayed);
                lost.removeAll(replayed);
                System.out.println("dead letters " + LETTERS + " replayed " + replayed.size() + " stayed " + stayed.size()
                        + " inBoth " + inBoth.size() + " lost " + lost.size() + " (killed with at least " + killedAt
                        + " replayed)");
                assertEquals(Set.of(), inBoth, "no dead letter in both places");
                assertEquals(Set.of(), lost, "no dead letter lost");
                assertEquals(LETTERS, stayed.size() + replayed.size());
                assertTrue(replayed.size() >= 300, "the child replayed some before it was killed: " + replayed.size());
            } finally {
                factory.close();
            }
        }
    }

    /** Puts {@code n} dead letters of worker queue {@code crash} on {@code DLQ}; returns their ids. */
    private static Set<String> deadLetters(Connection c, int n) throws JMSException {
        Session s = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer p = s.createProducer(s.createQueue("DLQ"));
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            TextMessage m = s.createTextMessage("request " + i);
            m.setStringProperty("JMS_FPM_ORIGINAL_DESTINATION", "crash");
            m.setStringProperty("JMS_FPM_FAILURE", "WORKER_FAILURE: worker replied status 500");
            m.setIntProperty("JMS_FPM_STATUS", 500);
            m.setIntProperty("JMS_FPM_ATTEMPTS", 1);
            p.send(m);
            ids.add(m.getJMSMessageID());
            if (i % 500 == 499) {
                s.commit();
            }
        }
        s.commit();
        s.close();
        return ids;
    }

    /** Waits until the queue holds at least {@code n} messages; returns how many it held. */
    private static long awaitCount(Connection c, String queue, long n) throws Exception {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            long[] count = new long[1];
            Await.until(() -> queue + " holds " + n + " messages (has " + count[0] + ")", Duration.ofMillis(WAIT_MS),
                    () -> (count[0] = ((ActiveMQSession) s).getCoreSession().queueQuery(SimpleString.of(queue))
                            .getMessageCount()) >= n);
            return count[0];
        } finally {
            s.close();
        }
    }

    private static Set<String> browse(Connection c, String queue) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Set<String> ids = new HashSet<>();
        try (QueueBrowser b = s.createBrowser(s.createQueue(queue))) {
            for (Enumeration<?> e = b.getEnumeration(); e.hasMoreElements(); ) {
                ids.add(((Message) e.nextElement()).getJMSMessageID());
            }
        } finally {
            s.close();
        }
        return ids;
    }
}
