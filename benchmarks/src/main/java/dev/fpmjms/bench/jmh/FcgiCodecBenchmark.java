package dev.fpmjms.bench.jmh;

import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiProtocolException;
import dev.fpmjms.fastcgi.FcgiRequest;
import dev.fpmjms.fastcgi.FcgiRequestWriter;
import dev.fpmjms.fastcgi.FcgiResponseAssembler;
import dev.fpmjms.fastcgi.FcgiResponseParser;
import dev.fpmjms.fastcgi.FcgiRole;
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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The FastCGI codec on the request path: encoding a request of 20 CGI params and a 1 KiB body,
 * and parsing a php-fpm reply (STDOUT records with a CGI head and a 1 KiB body, then
 * END_REQUEST) through {@link FcgiResponseParser}, {@link FcgiResponseAssembler} and
 * {@link CgiResponseParser}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FcgiCodecBenchmark {

    private static final int BODY = 1024;
    private static final int STDOUT = 6;
    private static final int END_REQUEST = 3;

    private Map<String, String> params;
    private byte[] body;
    private byte[] reply;

    @Setup
    public void setup() {
        params = new LinkedHashMap<>();
        params.put("GATEWAY_INTERFACE", "CGI/1.1");
        params.put("SERVER_PROTOCOL", "HTTP/1.1");
        params.put("REQUEST_METHOD", "POST");
        params.put("SCRIPT_FILENAME", "/tmp/fpmjms-fpm-12345/php/echo.php");
        params.put("SCRIPT_NAME", "/echo.php");
        params.put("REQUEST_URI", "/echo.php");
        params.put("QUERY_STRING", "");
        params.put("CONTENT_TYPE", "application/octet-stream");
        params.put("CONTENT_LENGTH", Integer.toString(BODY));
        params.put("FPMJMS_PROTOCOL", "1");
        params.put("FPMJMS_QUEUE", "orders");
        params.put("FPMJMS_MESSAGE_ID", "ID:fpmjms-7f3c2a9e-0001-0000-0000-000000012345");
        params.put("FPMJMS_CORRELATION_ID", "ID:fpmjms-7f3c2a9e-0001-0000-0000-000000012344");
        params.put("FPMJMS_TIMESTAMP", "1767225600123");
        params.put("FPMJMS_DELIVERY_MODE", "PERSISTENT");
        params.put("FPMJMS_PRIORITY", "4");
        params.put("FPMJMS_EXPIRATION", "0");
        params.put("FPMJMS_REPLY_TO", "temporary-queue:fpmjms-tmp-1");
        params.put("FPMJMS_BODY_TYPE", "BYTES");
        params.put("FPMJMS_PROPERTIES", "{\"customer\":[\"string\",\"ACME Corp\"],\"amount\":[\"long\",\"12345\"],"
                + "\"urgent\":[\"boolean\",\"true\"]}");
        body = new byte[BODY];
        for (int i = 0; i < BODY; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        reply = reply(("Status: 200 OK\r\nContent-Type: application/octet-stream\r\n"
                + "X-Fpmjms-Body-Type: BYTES\r\nX-Fpmjms-Properties: {\"customer\":[\"string\",\"ACME Corp\"]}\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), body);
    }

    @Benchmark
    public List<ByteBuffer> encodeRequest() {
        return FcgiRequestWriter.encode(new FcgiRequest(1, FcgiRole.RESPONDER, true, params, body));
    }

    @Benchmark
    public CgiResponse parseReply() throws FcgiProtocolException {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 1 << 20, 1 << 16);
        FcgiResponseParser parser = new FcgiResponseParser(assembler);
        parser.feed(ByteBuffer.wrap(reply));
        return CgiResponseParser.parse(assembler.response().stdout(), 8192);
    }

    /** What php-fpm sends: the head and body in one STDOUT record, an empty STDOUT, END_REQUEST. */
    static byte[] reply(byte[] head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] stdout = new byte[head.length + body.length];
        System.arraycopy(head, 0, stdout, 0, head.length);
        System.arraycopy(body, 0, stdout, head.length, body.length);
        record(out, STDOUT, stdout);
        record(out, STDOUT, new byte[0]);
        record(out, END_REQUEST, new byte[8]); // appStatus 0, FCGI_REQUEST_COMPLETE
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, int type, byte[] content) {
        int padding = (8 - content.length % 8) % 8;
        out.write(1);
        out.write(type);
        out.write(0);
        out.write(1);
        out.write(content.length >> 8);
        out.write(content.length & 0xFF);
        out.write(padding);
        out.write(0);
        out.writeBytes(content);
        out.writeBytes(new byte[padding]);
    }
}
