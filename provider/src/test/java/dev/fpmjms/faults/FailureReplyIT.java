package dev.fpmjms.faults;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jms.FpmReplies;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure replies on a real php-fpm: a request with a JMSReplyTo whose worker answers 500, dies of a
 * fatal error or answers 4xx gets a failure reply on its JMSReplyTo (correlated like a success
 * reply, {@code JMS_FPM_FAILURE}, {@code JMS_FPM_STATUS}, the first line of stderr) as soon as it is
 * dead-lettered; with {@code failureReplies=false} it gets nothing. A worker that answers with
 * {@code X-Fpmjms-Retry} decides: {@code never} dead-letters on the first attempt, {@code after=0}
 * retries at once where the route's policy would wait an hour (a 4xx too), a malformed value
 * dead-letters at once naming it. A reply against the wire contract (a retry cannot help) is
 * dead-lettered at its first attempt, with a failure reply, and leaves its producer's reply line.
 */
@Timeout(90)
class FailureReplyIT {
    private static final long WAIT_MS = 30_000;
    /** A policy whose own backoff outlasts every test: a retry within a test is the worker's doing. */
    private static final RetryPolicy HOUR_BACKOFF =
            new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(1), 2.0, 0.0, false);
    private static final RetryPolicy TWO_ATTEMPTS =
            new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(50), 2.0, 0.0, false);
    private static EmbeddedPhpFpm fpm;
    private static Path script;
    private Connection connection;
    private FpmConnectionFactory factory;

    @BeforeAll
    static void startPhpFpm() throws IOException {
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        try (InputStream in = FailureReplyIT.class.getResourceAsStream("/php/ops/failing.php")) {
            if (in == null) {
                throw new IllegalStateException("test resource /php/ops/failing.php is missing");
            }
            script = fpm.installScript("failing.php", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            fpm.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @AfterAll
    static void stopPhpFpm() {
        fpm.close();
    }

    @AfterEach
    void close() throws JMSException {
        if (connection != null) {
            connection.close();
        }
        if (factory != null) {
            factory.close();
        }
    }

    private Session session(boolean failureReplies) throws JMSException {
        return session(failureReplies, 2);
    }

    private Session session(boolean failureReplies, int maxInFlight) throws JMSException {
        return session(failureReplies, maxInFlight, TWO_ATTEMPTS);
    }

    private Session session(boolean failureReplies, int maxInFlight, RetryPolicy policy) throws JMSException {
        return session(failureReplies, maxInFlight, policy, script.toString());
    }

    private Session session(boolean failureReplies, int maxInFlight, RetryPolicy policy, String scriptFile) throws JMSException {
        FpmConfig config = FpmConfig.builder().name("failure-replies-" + UUID.randomUUID())
                .route(FpmRoute.builder("invoices").endpoint(fpm.endpointString()).script(scriptFile)
                        .maxInFlight(maxInFlight).retryPolicy(policy).failureReplies(failureReplies).build())
                .build();
        factory = new FpmConnectionFactory(config, FcgiGatewayFactory::new, new EngineRegistry());
        connection = factory.createConnection();
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Sends {@code body} with a temporary queue as JMSReplyTo; returns the request as sent. */
    private static Message request(Session session, TemporaryQueue replyTo, String body, int deliveryMode) throws JMSException {
        TextMessage m = session.createTextMessage(body);
        m.setJMSReplyTo(replyTo);
        MessageProducer p = session.createProducer(session.createQueue("invoices"));
        p.setDeliveryMode(deliveryMode);
        p.send(m);
        return m;
    }

    private static Message failureReply(Session session, String body, int deliveryMode) throws JMSException {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        Message request = request(session, replies, body, deliveryMode);
        Message reply = consumer.receive(WAIT_MS);
        assertNotNull(reply, "failure reply to '" + body + "'");
        assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID(), "correlated like a success reply");
        assertEquals(replies, reply.getJMSDestination());
        assertTrue(FpmReplies.isFailure(reply));
        assertEquals("invoices", reply.getStringProperty("JMS_FPM_QUEUE"));
        Message dead = session.createConsumer(session.createQueue("DLQ")).receive(WAIT_MS);
        assertNotNull(dead, "the dead letter is there too");
        assertEquals(request.getJMSMessageID(), dead.getJMSMessageID());
        return reply;
    }

    @Test
    void status500IsRetriedThenTheRequestorGetsAFailureReply() throws Exception {
        Message reply = failureReply(session(true), "500", DeliveryMode.NON_PERSISTENT);
        assertEquals(500, reply.getIntProperty("JMS_FPM_STATUS"));
        assertEquals(2, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        assertTrue(reply.getStringProperty("JMS_FPM_FAILURE").startsWith("WORKER_FAILURE: worker replied status 500"),
                reply.getStringProperty("JMS_FPM_FAILURE"));
        String stderr = reply.getStringProperty("JMS_FPM_STDERR");
        assertTrue(stderr.contains("invoice 17: database is down") && !stderr.contains("\n"), stderr);
        JMSException e = assertThrows(JMSException.class, () -> FpmReplies.requireSuccess(reply));
        assertTrue(e.getMessage().contains("invoices") && e.getMessage().contains("status 500")
                && e.getMessage().contains("database is down"), e.getMessage());
        assertEquals("500", e.getErrorCode());
    }

    @Test
    void fatalErrorGivesAFailureReplyNamingTheError() throws Exception {
        Message reply = failureReply(session(true), "fatal", DeliveryMode.PERSISTENT);
        assertEquals(500, reply.getIntProperty("JMS_FPM_STATUS"));
        assertEquals(DeliveryMode.PERSISTENT, reply.getJMSDeliveryMode());
        assertTrue(reply.getStringProperty("JMS_FPM_FAILURE").startsWith("WORKER_FAILURE: PHP fatal error in " + script),
                reply.getStringProperty("JMS_FPM_FAILURE"));
        String stderr = reply.getStringProperty("JMS_FPM_STDERR");
        assertTrue(stderr.startsWith("PHP Fatal error:") && stderr.contains("invoice_total_that_does_not_exist"), stderr);
    }

    @Test
    void clientErrorGivesAFailureReplyAtTheFirstAttempt() throws Exception {
        Message reply = failureReply(session(true), "422", DeliveryMode.NON_PERSISTENT);
        assertEquals(422, reply.getIntProperty("JMS_FPM_STATUS"));
        assertEquals(1, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        assertTrue(reply.getStringProperty("JMS_FPM_FAILURE").startsWith("REJECTED: "), reply.getStringProperty("JMS_FPM_FAILURE"));
    }

    @Test
    void queueRequestorGetsTheFailureReplyAndASuccessIsNoFailure() throws Exception {
        session(true).close();
        QueueConnection qc = factory.createQueueConnection();
        try {
            qc.start();
            QueueSession qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue invoices = qs.createQueue("invoices");
            QueueRequestor requestor = new QueueRequestor(qs, invoices);
            Message ok = requestor.request(qs.createTextMessage("17"));
            assertFalse(FpmReplies.isFailure(ok));
            assertEquals("done:17", ((TextMessage) FpmReplies.requireSuccess(ok)).getText());
            Message failed = requestor.request(qs.createTextMessage("422"));
            assertTrue(FpmReplies.isFailure(failed));
            requestor.close();
        } finally {
            qc.close();
        }
    }

    @Test
    void withFailureRepliesOffTheRequestorGetsNothing() throws Exception {
        // One in flight: a failure reply of the first request would be on the queue before the
        // second request is dispatched, so before its success reply.
        Session session = session(false, 1);
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        Message failing = request(session, replies, "422", DeliveryMode.NON_PERSISTENT);
        Message ok = request(session, replies, "18", DeliveryMode.NON_PERSISTENT);
        Message first = consumer.receive(WAIT_MS);
        assertNotNull(first);
        assertEquals(ok.getJMSMessageID(), first.getJMSCorrelationID(), "the success reply comes first: no failure reply");
        assertFalse(FpmReplies.isFailure(first));
        Message dead = session.createConsumer(session.createQueue("DLQ")).receive(WAIT_MS);
        assertNotNull(dead);
        assertEquals(failing.getJMSMessageID(), dead.getJMSMessageID());
        assertNull(consumer.receiveNoWait(), "no failure reply with failureReplies=false");
    }

    @Test
    void workerThatSaysNeverIsDeadLetteredOnTheFirstAttempt() throws Exception {
        Message reply = failureReply(session(true, 2, HOUR_BACKOFF), "never", DeliveryMode.NON_PERSISTENT);
        assertEquals(1, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        assertEquals(500, reply.getIntProperty("JMS_FPM_STATUS"));
        assertEquals("invoice 17: already paid", reply.getStringProperty("JMS_FPM_STDERR"));
    }

    @Test
    void workerThatSaysAfterIsRetriedWithItsDelayNotThePolicys() throws Exception {
        Session session = session(true, 2, HOUR_BACKOFF);
        for (String cmd : new String[] {"after", "422-after"}) {
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            request(session, replies, cmd, DeliveryMode.NON_PERSISTENT);
            Message reply = consumer.receive(WAIT_MS);
            assertNotNull(reply, cmd + ": retried after 0 s, not after the policy's hour");
            assertEquals("done:" + cmd + ":2", ((TextMessage) FpmReplies.requireSuccess(reply)).getText());
            assertEquals(2, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        }
    }

    @Test
    void replyAgainstTheWireContractGivesAFailureReplyAtTheFirstAttempt() throws Exception {
        Message reply = failureReply(session(true), "garbled", DeliveryMode.NON_PERSISTENT);
        assertEquals(1, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        assertTrue(reply.getStringProperty("JMS_FPM_FAILURE").startsWith("PERMANENT_FAILURE: "),
                reply.getStringProperty("JMS_FPM_FAILURE"));
    }

    @Test
    void requestDeadLetteredAsPermanentFailureLeavesItsProducersReplyLine() throws Exception {
        // replyOrder=producer: the reply of "18" waits until "garbled", sent before it, is settled
        Session session = session(true);
        MessageProducer producer = session.createProducer(session.createQueue("invoices"));
        producer.send(session.createTextMessage("garbled"));
        producer.send(session.createTextMessage("18"));
        Message reply = session.createConsumer(session.createQueue("invoices")).receive(WAIT_MS);
        assertNotNull(reply, "the next reply is not held behind a request that was dead-lettered");
        assertEquals("done:18", ((TextMessage) reply).getText());
    }

    @Test
    void malformedRetryHeaderDeadLettersAtOnceNamingIt() throws Exception {
        Message reply = failureReply(session(true, 2, HOUR_BACKOFF), "bad-retry", DeliveryMode.NON_PERSISTENT);
        assertEquals(1, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        String failure = reply.getStringProperty("JMS_FPM_FAILURE");
        assertTrue(failure.contains("X-Fpmjms-Retry") && failure.contains("soon"), failure);
    }

    @Test
    void scriptThePoolCannotFindIsNamedAsPrimaryScriptUnknown() throws Exception {
        String missing = fpm.scriptDirectory().resolve("no-such-invoice.php").toString();
        Message reply = failureReply(session(true, 2, TWO_ATTEMPTS, missing), "17", DeliveryMode.NON_PERSISTENT);
        assertEquals(404, reply.getIntProperty("JMS_FPM_STATUS"));
        String failure = reply.getStringProperty("JMS_FPM_FAILURE");
        assertTrue(failure.contains("Primary script unknown") && failure.contains(missing), failure);
    }

    @Test
    void scriptWithAnExtensionThePoolRefusesIsNamedAsLimitExtensions() throws Exception {
        String text = fpm.installScript("invoice.txt", "<?php echo 'x';").toString();
        Message reply = failureReply(session(true, 2, TWO_ATTEMPTS, text), "17", DeliveryMode.NON_PERSISTENT);
        assertEquals(403, reply.getIntProperty("JMS_FPM_STATUS"));
        String failure = reply.getStringProperty("JMS_FPM_FAILURE");
        assertTrue(failure.contains("security.limit_extensions") && failure.contains(text), failure);
    }
}
