package dev.fpmjms.engine;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake php-fpm for engine tests: echoes each request back as its reply, except that a script of
 * results can be queued (fail, refuse, reject) and the concurrency it sees is recorded.
 */
final class ScriptedGateway implements WorkerGatewayFactory, WorkerGateway {
    final Queue<Result> script = new ConcurrentLinkedQueue<>();
    final List<FpmEnvelope> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile Function<FpmEnvelope, Result> rule = e -> null;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private volatile String queueName;

    @Override
    public WorkerGateway open(String queueName, FpmRoute route) {
        this.queueName = queueName;
        return this;
    }

    @Override
    public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        return CompletableFuture.supplyAsync(() -> {
            try {
                Result planned = script.poll();
                if (planned == null) {
                    planned = rule.apply(request);
                }
                if (planned != Result.NOT_DELIVERED) {
                    seen.add(request);
                }
                if (planned == null || planned == Result.SUCCESS) {
                    DestinationRef to = request.replyTo() != null ? request.replyTo() : DestinationRef.queue(queueName);
                    FpmEnvelope reply = request.toBuilder().destination(to).redelivered(false).deliveryCount(0)
                            .property("JMS_FPM_STATUS", 200).build();
                    return DeliveryOutcome.success(200, reply, "", 1);
                }
                int status = planned == Result.REJECTED ? 422
                        : planned == Result.WORKER_FAILURE ? 500 : DeliveryOutcome.NO_STATUS;
                return DeliveryOutcome.failure(planned, status, "scripted " + planned).withWorkerOutput("scripted stderr", 1);
            } finally {
                concurrent.decrementAndGet();
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
