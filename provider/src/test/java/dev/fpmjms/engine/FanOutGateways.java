package dev.fpmjms.engine;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A fake php-fpm per worker queue for fan-out tests: records what each queue's worker was given
 * (by queue name, so a subscription's {@code <topic>::<name>}) and answers with a rule; the
 * default rule succeeds with a reply {@code <queue>:<body>} to the request's JMSReplyTo, else to
 * the worker queue, as the wire decoder does. Completes on the calling thread. Thread-safe.
 */
final class FanOutGateways implements WorkerGatewayFactory {
    final Map<String, List<FpmEnvelope>> seen = new ConcurrentHashMap<>();
    /** (queue, request) to the outcome; {@code null} for the default success. */
    volatile BiFunction<String, FpmEnvelope, DeliveryOutcome> rule = (q, e) -> null;

    List<FpmEnvelope> seen(String queue) {
        return seen.computeIfAbsent(queue, q -> new CopyOnWriteArrayList<>());
    }

    @Override
    public WorkerGateway open(String queueName, FpmRoute route) {
        return new WorkerGateway() {
            @Override
            public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
                DeliveryOutcome planned = rule.apply(queueName, request);
                if (planned != null && planned.result() == DeliveryOutcome.Result.NOT_DELIVERED) {
                    return CompletableFuture.completedFuture(planned);
                }
                seen(queueName).add(request);
                if (planned != null) {
                    return CompletableFuture.completedFuture(planned);
                }
                DestinationRef to = request.replyTo() != null ? request.replyTo() : DestinationRef.queue(queueName);
                FpmEnvelope reply = FpmEnvelope.builder(to).correlationId(request.messageId())
                        .persistent(request.persistent())
                        .body(dev.fpmjms.envelope.BodyType.TEXT, queueName + ":" + request.body())
                        .property("JMS_FPM_STATUS", 200).build();
                return CompletableFuture.completedFuture(DeliveryOutcome.success(200, reply, "", 1));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
