package dev.fpmjms.bench.jmh;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiRequest;
import dev.fpmjms.fastcgi.FcgiRequestWriter;
import dev.fpmjms.fastcgi.FcgiResponseAssembler;
import dev.fpmjms.fastcgi.FcgiResponseParser;
import dev.fpmjms.fastcgi.FcgiRole;
import dev.fpmjms.message.FpmMessageConverter;
import dev.fpmjms.wire.WireReplyDecoder;
import dev.fpmjms.wire.WireRequest;
import dev.fpmjms.wire.WireRequestEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The wire contract on the dispatch path, for the 1 KiB BytesMessage with six typed properties of
 * {@link BenchMessages}: {@link WireRequestEncoder#encode} (alone and followed by the FastCGI
 * encoding, i.e. the whole request side), and {@link WireReplyDecoder#decodeReply} of the reply
 * the echo worker sends for it (alone and after FastCGI and CGI parsing, the whole reply side).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireBenchmark {

    private static final String SCRIPT = "/tmp/fpmjms-fpm-12345/php/echo.php";
    private static final DestinationRef QUEUE = DestinationRef.queue("orders");

    private FpmEnvelope request;
    private Map<String, String> replyHeaders;
    private byte[] replyBody;
    private byte[] replyRecords;
    private byte[] echoRecords;

    @Setup
    public void setup() throws Exception {
        request = FpmMessageConverter.toEnvelope(BenchMessages.bytesMessage(), new BenchMessages.QueueMapper());
        replyHeaders = new LinkedHashMap<>();
        replyHeaders.put("X-Powered-By", "PHP/8.2");
        replyHeaders.put("Content-Type", "application/octet-stream");
        replyHeaders.put("X-Fpmjms-Protocol", "1");
        replyHeaders.put("X-Fpmjms-Body-Type", "BYTES");
        replyHeaders.put("X-Fpmjms-Correlation-Id", "order-12345");
        replyHeaders.put("X-Fpmjms-Priority", "4");
        replyHeaders.put("X-Fpmjms-Delivery-Mode", "PERSISTENT");
        replyHeaders.put("X-Fpmjms-Message-Id", "ID:bench-7f3c2a9e-0001-000000012345");
        replyHeaders.put("X-Fpmjms-Timestamp", "1767225600123");
        replyHeaders.put("X-Fpmjms-Properties", "{\"customer\":[\"string\",\"ACME Corp\"],\"amount\":[\"long\",\"12345\"],"
                + "\"lines\":[\"int\",\"7\"],\"urgent\":[\"boolean\",\"true\"],\"weight\":[\"double\",\"1.25\"],"
                + "\"region\":[\"string\",\"eu-west\"]}");
        replyBody = BenchMessages.body();
        StringBuilder head = new StringBuilder();
        replyHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        replyRecords = FcgiCodecBenchmark.reply(head.toString().getBytes(StandardCharsets.ISO_8859_1), replyBody);
        // What echo.php's fast path sends: one head line besides php-fpm's own.
        echoRecords = FcgiCodecBenchmark.reply(("X-Powered-By: PHP/8.2\r\nX-Fpmjms-Echo: 1\r\n"
                + "Content-type: text/html; charset=UTF-8\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), replyBody);
        // Fail at setup, not in the measurement, if the sample reply breaks the contract.
        FpmEnvelope reply = decodeReply();
        if (reply.properties().size() < 6 || parseAndDecodeEchoReply().properties().size() < 6) {
            throw new IllegalStateException("sample reply decoded without its properties: " + reply);
        }
    }

    @Benchmark
    public WireRequest encodeRequest() {
        return WireRequestEncoder.encode(request, "orders", SCRIPT, Map.of());
    }

    @Benchmark
    public List<ByteBuffer> encodeRequestToFastCgi() {
        WireRequest w = WireRequestEncoder.encode(request, "orders", SCRIPT, Map.of());
        return FcgiRequestWriter.encode(new FcgiRequest(1, FcgiRole.RESPONDER, true, w.params(), w.body()));
    }

    @Benchmark
    public FpmEnvelope decodeReply() throws Exception {
        return WireReplyDecoder.decodeReply(request, 200, replyHeaders, replyBody, 0, replyBody.length, QUEUE);
    }

    @Benchmark
    public FpmEnvelope parseAndDecodeReply() throws Exception {
        return parseAndDecode(replyRecords);
    }

    /** The same reply as {@link #parseAndDecodeReply} in the form the shipped echo worker sends it ({@code X-Fpmjms-Echo: 1}). */
    @Benchmark
    public FpmEnvelope parseAndDecodeEchoReply() throws Exception {
        return parseAndDecode(echoRecords);
    }

    /** FastCGI records of one reply, parsed and decoded as the dispatcher does. */
    private FpmEnvelope parseAndDecode(byte[] records) throws Exception {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 1 << 20, 1 << 16);
        new FcgiResponseParser(assembler).feed(ByteBuffer.wrap(records));
        CgiResponse cgi = CgiResponseParser.parse(assembler.response().stdout(), 8192);
        return WireReplyDecoder.decodeReply(request, cgi.status(), cgi.headers(), cgi.buffer(), cgi.bodyOffset(),
                cgi.bodyLength(), QUEUE);
    }
}
