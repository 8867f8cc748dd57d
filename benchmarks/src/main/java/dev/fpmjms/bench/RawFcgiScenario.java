package dev.fpmjms.bench;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiProtocolException;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.wire.WireRequest;
import dev.fpmjms.wire.WireRequestEncoder;

import java.util.Arrays;
import java.util.Map;

/**
 * Raw FastCGI: the project's {@link FcgiClient} posting the payload to the plain echo script, no
 * JMS layer. The client keeps {@code concurrency} requests in progress (keep-alive connections)
 * and queues the rest of the driver's window; each reply's CGI head is parsed and its body length
 * checked, as any user of the client would.
 */
final class RawFcgiScenario {

    private static final int MAX_HEAD = 8192;

    private RawFcgiScenario() {
    }

    /**
     * @param concurrency requests in progress towards php-fpm (the client's {@code maxInFlight})
     * @param window      requests the driver keeps outstanding (at least {@code concurrency})
     */
    static ScenarioResult run(String name, BenchOptions options, HeapProbe probe, int size, int concurrency,
                              int window) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children());
             FcgiClient client = client(pool, concurrency, size)) {
            return ClosedLoop.run(name, options, window, probe, echo(client, pool, size));
        }
    }

    /** One request to the plain echo, completing with its checked reply. */
    static ClosedLoop.Operation echo(FcgiClient client, EchoPool pool, int size) {
        Map<String, String> params = pool.rawEchoParams(size);
        byte[] payload = Payloads.bytes(size);
        return () -> client.execute(params, payload).thenApply(r -> check(r, size));
    }

    /**
     * Raw FastCGI to the shipped {@code echo.php} worker: the same PHP work as the fpm-jms
     * scenarios (the request is what the dispatcher sends for a BytesMessage, encoded by
     * {@link WireRequestEncoder}), without the JMS layer, queues or reply decoding. The gap to
     * {@code raw-fcgi} is the PHP helper's cost; the gap to {@code fpmjms-e2e} is Java's.
     */
    static ScenarioResult runEchoWorker(String name, BenchOptions options, HeapProbe probe, int size, int concurrency,
                                        int window) throws Exception {
        try (EchoPool pool = EchoPool.start(options.children());
             FcgiClient client = client(pool, concurrency, size)) {
            return ClosedLoop.run(name, options, window, probe, echoWorker(client, pool, size));
        }
    }

    /** One request to the shipped echo worker as the dispatcher sends it, completing with its checked reply. */
    static ClosedLoop.Operation echoWorker(FcgiClient client, EchoPool pool, int size) {
        WireRequest request = WireRequestEncoder.encode(typicalMessage(size), FpmJmsScenarios.QUEUE,
                pool.builtinEcho().toString(), Map.of());
        return () -> client.execute(request.params(), request.body()).thenApply(r -> check(r, size));
    }

    /**
     * The envelope of a message as the end-to-end scenarios send it, on its first delivery: a
     * NON_PERSISTENT BytesMessage with a message id, a timestamp, no delivery delay and one long
     * property.
     */
    static FpmEnvelope typicalMessage(int size) {
        long now = System.currentTimeMillis();
        return FpmEnvelope.builder(DestinationRef.queue(FpmJmsScenarios.QUEUE))
                .messageId("ID:5f1c2d3e-aaaa-bbbb-cccc-0123456789ab:1")
                .timestamp(now)
                .deliveryTime(now)
                .deliveryCount(1)
                .persistent(false)
                .property(JmsLoop.SEQ, 1L)
                .body(BodyType.BYTES, Payloads.bytes(size))
                .build();
    }

    /** A keep-alive client to the pool with {@code concurrency} requests in progress at most. */
    static FcgiClient client(EchoPool pool, int concurrency, int size) {
        return new FcgiClient(pool.endpoint(), FcgiClientSettings.builder()
                .keepAlive(true).maxInFlight(concurrency).maxStdoutBytes(size + MAX_HEAD).build());
    }

    /** One request to the plain echo, waiting for its checked reply: the raw round trip. */
    static ClosedLoop.BlockingOperation roundTrip(FcgiClient client, EchoPool pool, int size) {
        Map<String, String> params = pool.rawEchoParams(size);
        byte[] payload = Payloads.bytes(size);
        return () -> check(client.execute(params, payload).get(ClosedLoop.STALL_TIMEOUT.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS), size);
    }

    private static CgiResponse check(FcgiResponse r, int size) {
        try {
            CgiResponse cgi = CgiResponseParser.parse(r.stdout(), MAX_HEAD);
            if (cgi.status() != 200 || cgi.bodyLength() != size) {
                throw new IllegalStateException("echo reply: status " + cgi.status() + ", " + cgi.bodyLength()
                        + " body bytes, expected 200 and " + size + "; stderr: "
                        + new String(r.stderr(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return cgi;
        } catch (FcgiProtocolException e) {
            throw new IllegalStateException("echo reply is not a CGI response: " + e.getMessage()
                    + "; first bytes: " + Arrays.toString(Arrays.copyOf(r.stdout(), Math.min(64, r.stdout().length))), e);
        }
    }
}
