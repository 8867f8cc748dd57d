package dev.fpmjms.gateway;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.envelope.FpmEnvelope;

/**
 * What happens after an attempt that failed, the same rules in every engine (the local engine's
 * {@code WorkerQueue} and the broker mode's dispatcher; {@code docs/delivery-outcomes.md}):
 * <ul>
 *   <li>{@code PERMANENT_FAILURE} (a reply that cannot succeed on a retry): dead-lettered now;</li>
 *   <li>the worker asked ({@code X-Fpmjms-Retry}, {@link DeliveryOutcome#workerRetry()}):
 *       {@code never} dead-letters now; {@code after=N} retries after N seconds instead of the
 *       policy's backoff (a 4xx too), as long as the policy's {@code maxAttempts} allows;</li>
 *   <li>{@code REJECTED} (4xx): dead-lettered now unless the policy retries client errors;</li>
 *   <li>other failures: retried after the policy's backoff (with jitter), dead-lettered after
 *       {@code maxAttempts}.</li>
 * </ul>
 * A dead-lettered request with a JMSReplyTo also gets a failure reply ({@link FailureReplies})
 * when {@link #sendsFailureReply} says so. Successes and {@code NOT_DELIVERED} (php-fpm not
 * reached, not counted as an attempt) are each engine's own business. Stateless; thread-safe.
 */
public final class OutcomeRules {

    /**
     * The verdict on a failed attempt.
     *
     * @param deadLetter       whether the request is dead-lettered now (else it is retried)
     * @param retryDelayMillis for a retry, how long it waits first (ms, 0 or more); 0 for a dead letter
     * @param why              for the log: what happened, e.g. {@code failed 3 times, last: ...}
     */
    public record Verdict(boolean deadLetter, long retryDelayMillis, String why) {
    }

    private OutcomeRules() {
    }

    /**
     * The verdict on a failed attempt.
     *
     * @param outcome  a failure: neither {@code SUCCESS} nor {@code NOT_DELIVERED}
     * @param attempts the attempts made, this one included (the request's delivery count)
     * @param policy   the route's retry policy
     * @throws IllegalArgumentException for a success or {@code NOT_DELIVERED}
     */
    public static Verdict afterFailure(DeliveryOutcome outcome, int attempts, RetryPolicy policy) {
        DeliveryOutcome.Result result = outcome.result();
        if (result == DeliveryOutcome.Result.SUCCESS || result == DeliveryOutcome.Result.NOT_DELIVERED) {
            throw new IllegalArgumentException("not a failed attempt: " + result);
        }
        String failure = outcome.detail() + stderrNote(outcome);
        if (result == DeliveryOutcome.Result.PERMANENT_FAILURE) {
            return new Verdict(true, 0, "cannot succeed on a retry: " + outcome.detail() + " (attempt " + attempts + ")");
        }
        long asked = outcome.workerRetry();
        if (asked == DeliveryOutcome.WORKER_RETRY_NEVER) {
            return new Verdict(true, 0, "failed: " + failure + "; the worker asked for no retry");
        }
        if (asked == DeliveryOutcome.WORKER_RETRY_POLICY && result == DeliveryOutcome.Result.REJECTED
                && !policy.retryClientErrors()) {
            return new Verdict(true, 0, "rejected: " + failure);
        }
        if (attempts >= policy.maxAttempts()) {
            return new Verdict(true, 0, "failed " + attempts + " times, last: " + failure);
        }
        if (asked >= 0) {
            return new Verdict(false, asked, "attempt " + attempts + " failed: " + outcome.detail()
                    + "; the worker asked for a retry in " + asked + " ms");
        }
        return new Verdict(false, policy.jitteredBackoffMillis(attempts), "attempt " + attempts + " failed: " + outcome.detail());
    }

    /**
     * Whether dead-lettering {@code request} also sends a failure reply: it has a JMSReplyTo, and
     * its route keeps replies and failure replies ({@code route.<queue>.failureReplies}).
     */
    public static boolean sendsFailureReply(FpmEnvelope request, FpmRoute route) {
        return request.replyTo() != null && route.failureReplies() && route.replyPolicy() == ReplyPolicy.KEEP;
    }

    /** {@code " (stderr: <first line>)"} when the worker wrote to stderr, else empty: logs name the cause. */
    public static String stderrNote(DeliveryOutcome outcome) {
        String line = FailureReplies.firstLine(outcome.stderr());
        return line.isEmpty() ? "" : " (stderr: " + line + ")";
    }
}
