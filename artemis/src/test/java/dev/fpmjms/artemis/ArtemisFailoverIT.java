package dev.fpmjms.artemis;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live/backup pair of Artemis brokers (shared store, each a child JVM) with the live one killed
 * with {@code kill -9} under load, on a real php-fpm: the application and the dispatcher, both
 * configured with the pair ({@code broker=tcp://live,tcp://backup}, {@code broker.ha=true},
 * {@code broker.reconnectAttempts=-1}), fail over to the backup; no acknowledged PERSISTENT send
 * is lost, and PHP runs at most the requests the dispatcher held in its gateway (2 x
 * {@code maxInFlight}) twice. Prints
 * {@code sent delivered duplicated lost} like {@link ArtemisFaultsIT}.
 *
 * <p>Each send attempt has its own body ({@code <n>.<attempt>}): a send that fails during the
 * failover is not acknowledged and is sent again as the next attempt (it may have reached the
 * broker too, which is the application's at-least-once, not a duplicate of the dispatcher).
 */
class ArtemisFailoverIT {
    private static final int IN_FLIGHT = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static RecordingWorker worker;

    @BeforeAll
    static void start() throws Exception {
        worker = RecordingWorker.start(dir, IN_FLIGHT + 1);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // three JVMs start on a machine that may be busy
    void liveBrokerKilledUnderLoadFailsOverToTheBackupAndLosesNoAcknowledgedPersistentSend() throws Exception {
        String queue = "failover";
        int count = 600;
        int livePort = freePort();
        int backupPort = freePort();
        Path store = dir.resolve("shared-store");
        String liveUrl = "tcp://127.0.0.1:" + livePort;
        String backupUrl = "tcp://127.0.0.1:" + backupPort;
        try (ChildJvm live = ChildJvm.start(TestBroker.class, dir.resolve("live.err"), store.toString(),
                Integer.toString(livePort), "primary", Integer.toString(backupPort));
             ChildJvm backup = startBackup(live, store, livePort, backupPort)) {
            awaitBackupAnnounced(liveUrl);
            String shared = worker.settings(liveUrl + "," + backupUrl, queue, IN_FLIGHT, 5_000)
                    + "broker.ha=true\nbroker.reconnectAttempts=-1\nbroker.retryInterval=100\n";
            FpmConnectionFactory app = new FpmConnectionFactory(config("failover-app", shared + "brokerDispatch=false\n"));
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            int attempts = 0;
            long failoverMillis = -1;
            try (ArtemisDispatcher dispatcher = ArtemisDispatcher.start(config("failover-dispatcher", shared));
                 Connection c = app.createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue(queue));
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                for (int i = 0, attempt = 0; i < count; ) {
                    assertTrue(System.nanoTime() < deadline, "sent " + i + " of " + count + " in " + PATIENCE);
                    if (i == count / 4 && failoverMillis < 0) {
                        awaitRunsInPhp(queue);
                        long killed = System.nanoTime();
                        live.kill9();
                        backup.awaitLine(TestBroker.PORT_LINE, PATIENCE);
                        failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                    }
                    attempts++;
                    try {
                        p.send(s.createTextMessage(i + "." + attempt));
                        acknowledged.add(Integer.toString(i));
                        i++;
                        attempt = 0;
                    } catch (JMSException e) {
                        attempt++; // not acknowledged: the application sends it again as the next attempt
                    }
                }
                Map<String, Integer> replies = RecordingWorker.drainReplies(backupUrl, queue,
                        got -> answered(got).containsAll(acknowledged), PATIENCE);
                Set<String> delivered = answered(replies.keySet());
                int lost = (int) acknowledged.stream().filter(n -> !delivered.contains(n)).count();
                int duplicated = RecordingWorker.count(worker.runs(queue)).values().stream().mapToInt(n -> n - 1).sum();
                int repliedTwice = replies.values().stream().mapToInt(n -> n - 1).sum();
                System.out.printf("faults: live broker kill -9, failover to the backup under load: sent %d delivered %d"
                                + " duplicated %d lost %d (send attempts %d, replies twice %d, backup live after %d ms)%n",
                        acknowledged.size(), delivered.size(), duplicated, lost, attempts, repliedTwice, failoverMillis);
                assertEquals(0, lost, "acknowledged persistent sends lost");
                int held = 2 * IN_FLIGHT; // ArtemisDispatcher.held: what a dispatcher hands the gateway at once
                assertTrue(duplicated <= held, "PHP ran " + duplicated + " requests twice, more than the "
                        + held + " the dispatcher held in its gateway");
                assertTrue(repliedTwice <= held, repliedTwice + " replies came twice");
            } finally {
                app.shutdown();
            }
        }
    }

    private static ChildJvm startBackup(ChildJvm live, Path store, int livePort, int backupPort) throws Exception {
        try {
            live.awaitLine(TestBroker.PORT_LINE, PATIENCE);
            ChildJvm backup = ChildJvm.start(TestBroker.class, dir.resolve("backup.err"), store.toString(),
                    Integer.toString(backupPort), "backup", Integer.toString(livePort));
            backup.awaitLine(TestBroker.STARTED_LINE, PATIENCE);
            return backup;
        } catch (Exception | AssertionError e) {
            live.close();
            throw e;
        }
    }

    /** Waits until the live broker tells its clients about the backup (so that they can fail over to it). */
    private static void awaitBackupAnnounced(String liveUrl) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(liveUrl + "?ha=true");
             ClientSessionFactory ignored = locator.createSessionFactory()) {
            Await.until(() -> "the live broker announces the backup: " + locator.getTopology().describe(), PATIENCE,
                    () -> locator.getTopology().getMembers().stream().anyMatch(m -> m.getBackup() != null));
        }
    }

    /** Waits until PHP has run some requests of {@code queue}: the dispatcher is busy when the live broker dies. */
    private static void awaitRunsInPhp(String queue) {
        Await.until("PHP ran 20 requests of " + queue, PATIENCE, () -> worker.runs(queue).size() >= 20);
    }

    /** The request numbers among reply bodies {@code <n>.<attempt>}. */
    private static Set<String> answered(Set<String> bodies) {
        Set<String> numbers = new java.util.HashSet<>();
        bodies.forEach(b -> numbers.add(b.substring(0, b.indexOf('.'))));
        return numbers;
    }

    private static FpmConfig config(String name, String properties) {
        FpmConfig.Builder b = FpmConfig.builder().name(name);
        FpmConfigParser.applySettings(b, properties.replace('\n', ';'));
        return b.build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
