package dev.fpmjms.artemis;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes killed with {@code kill -9} in broker mode, on a real Artemis broker and a real
 * php-fpm, each test printing {@code sent delivered duplicated lost}:
 * <ul>
 *   <li>an application instance (a child JVM) killed mid-send: every send that returned is
 *       delivered (lost = 0 of acknowledged sends);</li>
 *   <li>one of two dispatchers (child JVMs, {@code java ... DispatcherMain dispatcher.properties})
 *       killed with requests in PHP: the other one finishes everything; PHP runs at most the
 *       requests the killed dispatcher held in its gateway (2 x {@code maxInFlight}) twice;</li>
 *   <li>a dispatcher stopped with {@code close()} while requests are in PHP, another one started:
 *       the first settles what it handed to php-fpm before it stops, so nothing runs twice;</li>
 *   <li>the broker (a child JVM) killed and restarted on the same journal while an application
 *       sends: the clients reconnect and no acknowledged PERSISTENT send is lost.</li>
 * </ul>
 * The worker ({@link RecordingWorker}) sleeps a little, appends the request body to a log under
 * {@code flock}, and answers with the echo contract's {@code X-Fpmjms-Echo: 1}. The live/backup
 * failover is {@link ArtemisFailoverIT}.
 */
class ArtemisFaultsIT {
    private static final int DISPATCHER_IN_FLIGHT = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static RecordingWorker worker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
        worker = RecordingWorker.start(dir, 2 * DISPATCHER_IN_FLIGHT + 1);
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

    /** The settings of a process serving or declaring {@code queue}, as a properties text. */
    private static String settings(String queue, int sleepMicros) {
        return worker.settings(broker.url(), queue, DISPATCHER_IN_FLIGHT, sleepMicros);
    }

    private static FpmConfig config(String name, String queue, int sleepMicros, boolean dispatch) {
        FpmConfig.Builder b = FpmConfig.builder().name(name);
        FpmConfigParser.applySettings(b, settings(queue, sleepMicros).replace('\n', ';'));
        return b.brokerDispatch(dispatch).build();
    }

    @Test
    void everyAcknowledgedSendOfAKilledApplicationIsDelivered() throws Exception {
        String queue = "app-crash";
        int count = 5000;
        Set<String> acknowledged = new HashSet<>();
        try (ArtemisDispatcher dispatcher = ArtemisDispatcher.start(config("d", queue, 0, true))) {
            String uri = FpmConfigParser.toUri(config("app", queue, 0, false));
            try (ChildJvm app = ChildJvm.start(CrashingSender.class, dir.resolve("sender.err"), uri, queue, Integer.toString(count))) {
                while (acknowledged.size() < 300) {
                    String line = app.pollLine(PATIENCE);
                    assertTrue(line != null && !line.equals("done"), "the sender printed " + acknowledged.size() + " sends, then " + line);
                    acknowledged.add(line);
                }
                app.kill9();
                for (String line = app.pollLine(Duration.ZERO); line != null; line = app.pollLine(Duration.ZERO)) {
                    if (!line.equals("done")) {
                        acknowledged.add(line);
                    }
                }
            }
            Map<String, Integer> replies = drainReplies(queue, acknowledged);
            int lost = (int) acknowledged.stream().filter(n -> !replies.containsKey(n)).count();
            int duplicated = replies.values().stream().mapToInt(c -> c - 1).sum();
            System.out.printf("faults: application kill -9 mid-send: sent %d delivered %d duplicated %d lost %d%n",
                    acknowledged.size(), replies.size(), duplicated, lost);
            assertEquals(0, lost, "acknowledged sends lost");
            assertEquals(0, duplicated, "a reply is committed with its request: no reply twice");
        }
    }

    @Test
    void aStoppedDispatcherSettlesTheRequestsInPhpFirstSoNoneRunsTwice() throws Exception {
        String queue = "graceful-stop";
        int count = 16;
        int sleepMicros = 500_000;
        Set<String> sent;
        int ranBeforeStop;
        try (ArtemisDispatcher first = ArtemisDispatcher.start(config("first", queue, sleepMicros, true))) {
            sent = send(queue, count);
            // the first request is done: the next ones are in php-fpm
            Await.until("PHP ran a request of " + queue, PATIENCE, () -> !worker.runs(queue).isEmpty());
        } // close(): settles what the pipeline handed to php-fpm, gives the rest back to the broker
        ranBeforeStop = worker.runs(queue).size();
        assertTrue(ranBeforeStop < count, "the first dispatcher ran all " + count + " requests before it stopped");
        try (ArtemisDispatcher second = ArtemisDispatcher.start(config("second", queue, 0, true))) {
            Map<String, Integer> replies = drainReplies(queue, sent);
            Map<String, Integer> phpRuns = RecordingWorker.count(worker.runs(queue));
            int lost = (int) sent.stream().filter(n -> !replies.containsKey(n)).count();
            int duplicated = phpRuns.values().stream().mapToInt(c -> c - 1).sum();
            System.out.printf("faults: dispatcher stopped (close) with requests in PHP, another one started: sent %d"
                    + " delivered %d duplicated %d lost %d (PHP ran %d before the stop)%n", sent.size(), replies.size(),
                    duplicated, lost, ranBeforeStop);
            assertEquals(0, lost);
            assertEquals(0, duplicated, "a stopping dispatcher settles what is in php-fpm: nothing runs twice");
            assertTrue(replies.values().stream().allMatch(c -> c == 1), "every reply once: " + replies);
        }
    }

    @Test
    void requestsInPhpOfAKilledDispatcherAreServedByTheOther() throws Exception {
        String queue = "dispatcher-crash";
        int count = 400;
        Path properties = dir.resolve(queue + ".properties");
        Files.writeString(properties, settings(queue, 20_000));
        try (ChildJvm a = ChildJvm.start(DispatcherMain.class, dir.resolve("a.err"), properties.toString());
             ChildJvm b = ChildJvm.start(DispatcherMain.class, dir.resolve("b.err"), properties.toString())) {
            a.awaitLine(DispatcherMain.READY, PATIENCE);
            b.awaitLine(DispatcherMain.READY, PATIENCE);
            Set<String> sent = send(queue, count);
            // a quarter done: both dispatchers have requests in PHP
            Await.until("PHP ran " + count / 4 + " requests of " + queue, PATIENCE,
                    () -> worker.runs(queue).size() >= count / 4);
            a.kill9();
            Map<String, Integer> replies = drainReplies(queue, sent);
            Map<String, Integer> phpRuns = RecordingWorker.count(worker.runs(queue));
            int lost = (int) sent.stream().filter(n -> !replies.containsKey(n)).count();
            int duplicated = phpRuns.values().stream().mapToInt(c -> c - 1).sum();
            System.out.printf("faults: dispatcher kill -9 with requests in PHP: sent %d delivered %d duplicated %d lost %d"
                    + " (duplicated = PHP runs beyond the first; replies twice: %d)%n", sent.size(), replies.size(),
                    duplicated, lost, replies.values().stream().mapToInt(c -> c - 1).sum());
            assertEquals(0, lost);
            int held = 2 * DISPATCHER_IN_FLIGHT; // ArtemisDispatcher.held: what a dispatcher hands the gateway at once
            assertTrue(duplicated <= held, "PHP ran " + duplicated + " requests twice, more than the "
                    + held + " the killed dispatcher held in its gateway");
            assertTrue(replies.values().stream().allMatch(c -> c == 1), "every reply once: " + replies);
        }
    }

    @Test
    void brokerKilledAndRestartedUnderLoadLosesNoAcknowledgedPersistentSend() throws Exception {
        String queue = "broker-restart";
        int count = 600;
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + port;
        Path data = dir.resolve("restarted-broker");
        ChildJvm first = ChildJvm.start(TestBroker.class, dir.resolve("broker1.err"), data.toString(), Integer.toString(port));
        first.awaitLine(TestBroker.PORT_LINE, PATIENCE);
        String shared = settings(queue, 2_000).replace(broker.url(), url).replace('\n', ';');
        FpmConfig.Builder d = FpmConfig.builder().name("restart-dispatcher");
        FpmConfigParser.applySettings(d, shared);
        FpmConfig.Builder a = FpmConfig.builder().name("restart-app");
        FpmConfigParser.applySettings(a, shared + ";broker.reconnectAttempts=-1;broker.retryInterval=100;brokerDispatch=false");
        Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int attempts = 0;
        ChildJvm second = null;
        dev.fpmjms.jms.FpmConnectionFactory app = new dev.fpmjms.jms.FpmConnectionFactory(a.build());
        try (ArtemisDispatcher dispatcher = ArtemisDispatcher.start(d.build());
             Connection c = app.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (int i = 0; i < count; ) {
                assertTrue(System.nanoTime() < deadline, "sent " + i + " of " + count + " in " + PATIENCE);
                if (i == count / 4 && second == null) {
                    first.kill9();
                    second = ChildJvm.start(TestBroker.class, dir.resolve("broker2.err"), data.toString(), Integer.toString(port));
                    second.awaitLine(TestBroker.PORT_LINE, PATIENCE);
                }
                try {
                    attempts++;
                    p.send(s.createTextMessage(Integer.toString(i)));
                    acknowledged.add(Integer.toString(i));
                    i++;
                } catch (jakarta.jms.JMSException e) {
                    // not acknowledged: the application sends it again (it may then arrive twice)
                }
            }
            Map<String, Integer> replies = drainReplies(url, queue, acknowledged);
            int lost = (int) acknowledged.stream().filter(n -> !replies.containsKey(n)).count();
            int duplicated = replies.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("faults: broker kill -9 and restart under load: sent %d delivered %d duplicated %d lost %d"
                    + " (send attempts %d)%n", acknowledged.size(), replies.size(), duplicated, lost, attempts);
            assertEquals(0, lost, "acknowledged persistent sends lost");
        } finally {
            app.shutdown();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** Sends {@code count} persistent requests "0".."count-1" straight through the Artemis client. */
    private static Set<String> send(String queue, int count) throws Exception {
        Set<String> sent = new HashSet<>();
        try (ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(broker.url()); Connection c = f.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                p.send(s.createTextMessage(Integer.toString(i)));
                sent.add(Integer.toString(i));
            }
        }
        return sent;
    }

    private static Map<String, Integer> drainReplies(String queue, Set<String> expected) throws Exception {
        return RecordingWorker.drainReplies(broker.url(), queue, expected, PATIENCE);
    }

    private static Map<String, Integer> drainReplies(String url, String queue, Set<String> expected) throws Exception {
        return RecordingWorker.drainReplies(url, queue, expected, PATIENCE);
    }
}
