package dev.fpmjms.gateway;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules after a failed attempt that both engines follow. */
class OutcomeRulesTest {
    /** Three attempts, 100 ms then 200 ms backoff, no jitter, client errors not retried. */
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, false);

    @Test
    void workerFailureIsRetriedWithThePolicysBackoffThenDeadLettered() {
        DeliveryOutcome failed = DeliveryOutcome.workerFailure("worker replied status 500").withWorkerOutput("PHP message: db down\nmore", 5);
        OutcomeRules.Verdict first = OutcomeRules.afterFailure(failed, 1, POLICY);
        assertFalse(first.deadLetter());
        assertEquals(POLICY.backoffAfter(1).toMillis(), first.retryDelayMillis());
        assertEquals(POLICY.backoffAfter(2).toMillis(), OutcomeRules.afterFailure(failed, 2, POLICY).retryDelayMillis());
        OutcomeRules.Verdict last = OutcomeRules.afterFailure(failed, 3, POLICY);
        assertTrue(last.deadLetter());
        assertEquals("failed 3 times, last: worker replied status 500 (stderr: db down)", last.why());
    }

    @Test
    void clientErrorIsDeadLetteredAtOnceUnlessThePolicyRetriesThem() {
        DeliveryOutcome rejected = DeliveryOutcome.rejected("worker replied status 422");
        assertTrue(OutcomeRules.afterFailure(rejected, 1, POLICY).deadLetter());
        RetryPolicy retrying = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, true);
        assertFalse(OutcomeRules.afterFailure(rejected, 1, retrying).deadLetter());
        assertTrue(OutcomeRules.afterFailure(rejected, 3, retrying).deadLetter());
    }

    @Test
    void permanentFailureIsDeadLetteredOnTheFirstAttempt() {
        OutcomeRules.Verdict v = OutcomeRules.afterFailure(DeliveryOutcome.permanentFailure(200, "bad properties"), 1, POLICY);
        assertTrue(v.deadLetter());
        assertTrue(v.why().startsWith("cannot succeed on a retry: bad properties"), v.why());
    }

    @Test
    void theWorkersNeverDeadLettersAtOnceAndItsAfterReplacesTheBackoffWithinMaxAttempts() {
        DeliveryOutcome never = DeliveryOutcome.workerFailure("worker replied status 500").withWorkerRetry(DeliveryOutcome.WORKER_RETRY_NEVER);
        assertTrue(OutcomeRules.afterFailure(never, 1, POLICY).deadLetter());
        assertTrue(OutcomeRules.afterFailure(never, 1, POLICY).why().endsWith("the worker asked for no retry"));

        DeliveryOutcome after = DeliveryOutcome.workerFailure("worker replied status 503").withWorkerRetry(7_000);
        OutcomeRules.Verdict retry = OutcomeRules.afterFailure(after, 1, POLICY);
        assertFalse(retry.deadLetter());
        assertEquals(7_000, retry.retryDelayMillis());
        assertTrue(OutcomeRules.afterFailure(after, 3, POLICY).deadLetter(), "maxAttempts still holds");

        DeliveryOutcome rejectedAfter = DeliveryOutcome.rejected("worker replied status 429").withWorkerRetry(0);
        OutcomeRules.Verdict clientRetry = OutcomeRules.afterFailure(rejectedAfter, 1, POLICY);
        assertFalse(clientRetry.deadLetter(), "a 4xx with after=N is retried although the policy does not retry 4xx");
        assertEquals(0, clientRetry.retryDelayMillis());
    }

    @Test
    void successAndNotDeliveredAreNotFailedAttempts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutcomeRules.afterFailure(DeliveryOutcome.notDelivered("refused"), 1, POLICY));
        assertTrue(e.getMessage().contains("NOT_DELIVERED"), e.getMessage());
    }

    @Test
    void failureReplyNeedsAReplyToAndARouteThatKeepsReplies() {
        FpmEnvelope withReplyTo = FpmEnvelope.builder(DestinationRef.queue("invoices"))
                .replyTo(DestinationRef.temporaryQueue("tmp-1")).build();
        FpmEnvelope without = FpmEnvelope.builder(DestinationRef.queue("invoices")).build();
        FpmRoute route = FpmRoute.builder("invoices").build();
        assertTrue(OutcomeRules.sendsFailureReply(withReplyTo, route));
        assertFalse(OutcomeRules.sendsFailureReply(without, route));
        assertFalse(OutcomeRules.sendsFailureReply(withReplyTo, route.toBuilder().failureReplies(false).build()));
        assertFalse(OutcomeRules.sendsFailureReply(withReplyTo, route.toBuilder().replyPolicy(ReplyPolicy.DISCARD).build()));
    }
}
