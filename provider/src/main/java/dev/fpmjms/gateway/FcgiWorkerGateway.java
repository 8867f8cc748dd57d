package dev.fpmjms.gateway;

import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.MessageTooLargeException;
import dev.fpmjms.envelope.TraceContext;
import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiProtocolException;
import dev.fpmjms.fastcgi.FcgiProtocolStatus;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.tracing.TraceSpan;
import dev.fpmjms.tracing.Tracing;
import dev.fpmjms.transport.FcgiTransportException;
import dev.fpmjms.wire.WireFormatException;
import dev.fpmjms.wire.WireReplyDecoder;
import dev.fpmjms.wire.WorkerRetry;
import dev.fpmjms.wire.WireRequest;
import dev.fpmjms.wire.WireRequestEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the messages of one worker queue to php-fpm over FastCGI: encodes the envelope by the
 * wire contract, runs the request on one of the route's clients (round robin), and classifies
 * what came back into a {@link DeliveryOutcome}. Thread-safe; never blocks.
 */
final class FcgiWorkerGateway implements WorkerGateway {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FcgiWorkerGateway.class);
    /** The largest CGI head accepted in a reply (typed properties travel in a header). */
    static final int MAX_HEAD_BYTES = 1024 * 1024;
    /** The most stderr text copied into a reply property. */
    static final int MAX_STDERR_PROPERTY = 8192;

    /**
     * Appended to the detail of a connection lost after the request was written: a php-fpm child
     * closes its connection early only when its process ends. The transport cannot tell why it
     * ended, so the usual causes are named for whoever reads the dead letter.
     */
    static final String WORKER_GONE = "; the worker process ended mid-request and may have run: it crashed, was killed"
            + " (a signal, the OOM killer, php-fpm's request_terminate_timeout) or php-fpm was stopped";

    /** Room an echoed reply's head takes besides the properties (status, echo and JMS headers). */
    static final int ECHO_HEAD_SLACK = 4096;
    /** How far a message's size estimate may be below its wire form (percent-encoded JSON of non-ASCII text). */
    private static final int WIRE_GROWTH = 5;

    private final String queueName;
    private final WireRequestEncoder encoder;
    private final List<FcgiClient> clients;
    /** The route runs the shipped echo worker, whose reply is the request. */
    private final boolean echoes;
    private final int maxReplyBytes;
    private final DestinationRef workerQueue;
    private final AtomicInteger nextClient = new AtomicInteger();
    private final Tracing tracing;

    /**
     * @param echoes whether the route runs the shipped echo worker ({@code builtin:echo}): its
     *               reply is the request, so a request whose reply would go over a limit is
     *               refused at send
     */
    FcgiWorkerGateway(String queueName, WireRequestEncoder encoder, List<FcgiClient> clients, boolean echoes) {
        this(queueName, encoder, clients, echoes, Tracing.none());
    }

    /** @param tracing opens a span for each dispatch ({@link Tracing#dispatch}) */
    FcgiWorkerGateway(String queueName, WireRequestEncoder encoder, List<FcgiClient> clients, boolean echoes,
                      Tracing tracing) {
        this.tracing = tracing;
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("worker queue '" + queueName + "' has no endpoint");
        }
        this.queueName = queueName;
        this.encoder = encoder;
        this.clients = List.copyOf(clients);
        this.echoes = echoes;
        this.maxReplyBytes = clients.get(0).settings().maxStdoutBytes();
        this.workerQueue = DestinationRef.queue(queueName);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The message's W3C trace context ({@link TraceContext#of}) goes to PHP in the params
     * {@code HTTP_TRACEPARENT}/{@code HTTP_TRACESTATE} and onto a success reply (unless the worker
     * gave its own); one that is not valid is not sent, and is logged at DEBUG on the message's
     * first delivery only. With spans on, the dispatch is a span, child of that context, and PHP
     * and the reply get the span's context instead; the span ends with the outcome.
     */
    @Override
    public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
        TraceContext own = TraceContext.of(request);
        if (own == null && request.deliveryCount() <= 1 && LOG.isDebugEnabled()) {
            String problem = TraceContext.problem(request);
            if (problem != null) {
                LOG.debug("worker queue '{}': message {} goes to PHP without its trace context: {}", queueName,
                        request.messageId(), problem);
            }
        }
        TraceSpan span = tracing.dispatch(queueName, request, own);
        TraceContext trace = span.context(own);
        WireRequest wire;
        try {
            wire = encoder.encode(request, trace);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ended(span, DeliveryOutcome.rejected(
                    "message cannot be encoded for the wire: " + e.getMessage())));
        }
        FcgiClient client = clients.get(Math.floorMod(nextClient.getAndIncrement(), clients.size()));
        long started = System.nanoTime();
        try {
            return client.execute(wire.params(), wire.body())
                    .handle((response, error) -> ended(span, classify(request, trace, response, error, started)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ended(span, failure(e, started)));
        }
    }

    /** Ends a dispatch span with its outcome: the worker's status, the result, ERROR unless a success. */
    private static DeliveryOutcome ended(TraceSpan span, DeliveryOutcome outcome) {
        if (outcome.status() >= 0) {
            span.attribute("fpmjms.worker.status", outcome.status());
        }
        span.attribute("fpmjms.outcome", outcome.result().name());
        span.end(outcome.result() == Result.SUCCESS ? null : outcome.result() + ": " + outcome.detail());
        return outcome;
    }

    /**
     * For the echo worker: the reply carries the request's properties in its head when they are
     * long (over one param; read up to {@value #MAX_HEAD_BYTES} bytes) and its body, so a request
     * whose head or whole reply would go over those limits is refused. Small messages are let
     * through without encoding them.
     */
    @Override
    public void checkSendable(FpmEnvelope request) {
        if (!echoes || request.sizeEstimate() * WIRE_GROWTH + ECHO_HEAD_SLACK <= Math.min(maxReplyBytes, MAX_HEAD_BYTES)) {
            return;
        }
        WireRequest wire = encoder.encode(request);
        long properties = wire.propertiesLength();
        if (properties + ECHO_HEAD_SLACK > MAX_HEAD_BYTES) {
            throw new MessageTooLargeException("message " + request.messageId() + " to worker queue '" + queueName
                    + "': its properties take " + properties + " bytes on the wire, and the echo worker returns them"
                    + " in its reply head, which is limited to " + MAX_HEAD_BYTES + " bytes");
        }
        long reply = properties + ECHO_HEAD_SLACK + wire.body().length;
        if (reply > maxReplyBytes) {
            throw new MessageTooLargeException("message " + request.messageId() + " to worker queue '" + queueName
                    + "': the echo worker's reply to it would take about " + reply + " bytes (body " + wire.body().length
                    + ", properties " + properties + "), over the route's limit of " + maxReplyBytes
                    + " bytes (maxReplyBytes)");
        }
    }

    private DeliveryOutcome classify(FpmEnvelope request, TraceContext trace, FcgiResponse response, Throwable error,
                                     long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (error != null) {
            return failure(error, started);
        }
        String stderr = stderrText(response);
        long replyBytes = response.stdout().length;
        if (response.protocolStatus() != FcgiProtocolStatus.REQUEST_COMPLETE) {
            return DeliveryOutcome.notDelivered("php-fpm refused the request: " + response.protocolStatus())
                    .withWorkerOutput(stderr, millis, replyBytes);
        }
        CgiResponse cgi;
        try {
            cgi = CgiResponseParser.parse(response.stdout(), MAX_HEAD_BYTES);
        } catch (FcgiProtocolException e) {
            return DeliveryOutcome.permanentFailure(DeliveryOutcome.NO_STATUS,
                    "unreadable reply from the worker: " + e.getMessage()).withWorkerOutput(stderr, millis, replyBytes);
        }
        int status = cgi.status();
        if (stderr.contains("PHP Fatal error") || stderr.contains("PHP Parse error")) {
            return withWorkerRetry(DeliveryOutcome.failure(Result.WORKER_FAILURE, status >= 500 ? status : 500,
                    "PHP fatal error in " + encoder.scriptFilename()), cgi).withWorkerOutput(stderr, millis, replyBytes);
        }
        if (status >= 200 && status < 300) {
            try {
                FpmEnvelope reply = WireReplyDecoder.decodeReply(request, status, cgi.headers(), cgi.buffer(),
                        cgi.bodyOffset(), cgi.bodyLength(), workerQueue);
                reply = WireReplyDecoder.withProviderProperties(reply, status, stderr, request.deliveryCount(),
                        millis, queueName);
                reply = TraceContext.carried(reply, replyTrace(request, trace, cgi));
                return DeliveryOutcome.success(status, reply, stderr, millis, replyBytes);
            } catch (WireFormatException e) {
                return DeliveryOutcome.permanentFailure(status,
                        "the worker's reply breaks the wire contract: " + e.getMessage()).withWorkerOutput(stderr, millis, replyBytes);
            }
        }
        Result result = status >= 400 && status < 500 ? Result.REJECTED : Result.WORKER_FAILURE;
        String reason = cgi.reason() == null ? "" : " " + cgi.reason();
        return withWorkerRetry(DeliveryOutcome.failure(result, status,
                        "worker replied status " + status + reason + poolRefusal(status, stderr)), cgi)
                .withWorkerOutput(stderr, millis, replyBytes);
    }

    /**
     * The trace context a success reply carries: the worker's own ({@code X-Fpmjms-Traceparent}),
     * else the one PHP was given; a worker's that is not valid is logged at DEBUG and passed over.
     */
    private TraceContext replyTrace(FpmEnvelope request, TraceContext sent, CgiResponse cgi) {
        try {
            TraceContext own = WireReplyDecoder.workerTraceContext(cgi.headers());
            return own != null ? own : sent;
        } catch (WireFormatException e) {
            LOG.debug("worker queue '{}': the reply to message {} keeps the request's trace context: {}", queueName,
                    request.messageId(), e.getMessage());
            return sent;
        }
    }

    /**
     * The failure with the worker's {@code X-Fpmjms-Retry}; a malformed one cannot get better on a
     * retry (the same worker writes it again): the failure is then dead-lettered at once, its
     * detail naming the header and the value.
     */
    private static DeliveryOutcome withWorkerRetry(DeliveryOutcome failure, CgiResponse cgi) {
        try {
            return failure.withWorkerRetry(WorkerRetry.read(cgi.headers()));
        } catch (WireFormatException e) {
            return DeliveryOutcome.failure(failure.result(), failure.status(), failure.detail() + "; " + e.getMessage())
                    .withWorkerRetry(DeliveryOutcome.WORKER_RETRY_NEVER);
        }
    }

    private DeliveryOutcome failure(Throwable error, long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof FcgiTransportException) {
            FcgiTransportException t = (FcgiTransportException) cause;
            Result result;
            switch (t.failure()) {
                case NOT_DELIVERED:
                    result = Result.NOT_DELIVERED;
                    break;
                case INVALID_RESPONSE:
                    result = Result.WORKER_FAILURE;
                    break;
                case REPLY_TOO_LARGE:
                    result = Result.PERMANENT_FAILURE;
                    break;
                default:
                    result = Result.LOST_AFTER_WRITE;
            }
            String detail = t.failure() == FcgiTransportException.Failure.LOST_AFTER_WRITE
                    ? t.getMessage() + WORKER_GONE : t.getMessage();
            return DeliveryOutcome.failure(result, DeliveryOutcome.NO_STATUS, detail).withWorkerOutput("", millis);
        }
        return DeliveryOutcome.lostAfterWrite("delivery failed: " + cause).withWorkerOutput("", millis);
    }

    /**
     * What php-fpm itself said when it refused to run the script, so that logs and dead letters
     * name the cause: a 404 with {@code Primary script unknown} (the pool found no file at
     * SCRIPT_FILENAME), a 403 naming {@code security.limit_extensions}; else empty.
     */
    private String poolRefusal(int status, String stderr) {
        if (status == 404 && stderr.contains("Primary script unknown")) {
            return ": Primary script unknown: the pool has no file at SCRIPT_FILENAME " + encoder.scriptFilename()
                    + " (a path on the php-fpm host, readable by the pool's user)";
        }
        if (status == 403 && stderr.contains("security.limit_extensions")) {
            return ": php-fpm refused to run SCRIPT_FILENAME " + encoder.scriptFilename()
                    + ": its extension is not in the pool's security.limit_extensions (default .php)";
        }
        return "";
    }

    private static String stderrText(FcgiResponse response) {
        byte[] err = response.stderr();
        if (err.length == 0) {
            return "";
        }
        int n = Math.min(err.length, MAX_STDERR_PROPERTY);
        String text = new String(err, 0, n, StandardCharsets.UTF_8);
        return n < err.length || response.stderrTruncated() ? text + "...(truncated)" : text;
    }

    @Override
    public String describeState() {
        StringBuilder b = new StringBuilder();
        for (FcgiClient c : clients) {
            b.append(b.length() == 0 ? "" : " | ").append(c.describeState());
        }
        return b.toString();
    }

    @Override
    public void close() {
        // Clients belong to the factory, which may share them between queues of one route.
    }
}
