package dev.fpmjms.jms;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.threads.DaemonThreads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory php-fpm for facade tests: every worker is the echo worker (the reply is the request,
 * addressed to its JMSReplyTo or back to the worker queue, with the request's correlation id),
 * completed asynchronously on an executor. Failure switches: fail the next N deliveries (5xx),
 * refuse (never reached PHP), reject (4xx), and a pause that holds deliveries until released.
 */
final class FakeGateways implements WorkerGatewayFactory {
    private final ExecutorService executor = Executors.newCachedThreadPool(new DaemonThreads("fake-php-fpm"));
    private final List<FpmEnvelope> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<FpmEnvelope> dispatched = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failNext = new AtomicInteger();
    volatile boolean refuse;
    volatile boolean reject;
    private volatile CountDownLatch pause = new CountDownLatch(0);

    @Override
    public WorkerGateway open(String queueName, FpmRoute route) {
        return new WorkerGateway() {
            @Override
            public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
                dispatched.add(request);
                return CompletableFuture.supplyAsync(() -> outcome(queueName, request), executor);
            }

            @Override
            public void close() {
            }
        };
    }

    private DeliveryOutcome outcome(String queueName, FpmEnvelope request) {
        try {
            if (!pause.await(10, TimeUnit.SECONDS)) {
                return DeliveryOutcome.notDelivered("paused too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (refuse) {
            return DeliveryOutcome.notDelivered("connect to fake php-fpm refused");
        }
        requests.add(request);
        if (reject) {
            return DeliveryOutcome.failure(DeliveryOutcome.Result.REJECTED, 400, "Status: 400").withWorkerOutput("bad request", 1);
        }
        if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return DeliveryOutcome.failure(DeliveryOutcome.Result.WORKER_FAILURE, 500, "Status: 500").withWorkerOutput("fatal", 1);
        }
        DestinationRef target = request.replyTo() != null ? request.replyTo() : DestinationRef.queue(queueName);
        FpmEnvelope reply = request.toBuilder()
                .destination(target)
                .replyTo(null)
                .correlationId(request.correlationId())
                .redelivered(false)
                .deliveryCount(0)
                .build();
        return DeliveryOutcome.success(200, reply, "", 1);
    }

    /** Holds deliveries until {@link #resume()}. */
    void pause() {
        pause = new CountDownLatch(1);
    }

    void resume() {
        pause.countDown();
    }

    /** The requests handed to the gateway, in the order the worker queue dispatched them. */
    List<FpmEnvelope> dispatched() {
        synchronized (dispatched) {
            return new ArrayList<>(dispatched);
        }
    }

    /** The requests that reached the fake workers, in order. */
    List<FpmEnvelope> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    @Override
    public void close() {
        resume();
        executor.shutdownNow();
    }

    /** Whether the engine closed this gateway factory. */
    boolean closed() {
        return executor.isShutdown();
    }
}
