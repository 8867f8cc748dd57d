package dev.fpmjms.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bare FastCGI loop's connection: one blocking {@link SocketChannel} to php-fpm kept alive,
 * one request at a time, with the least a client can send and read. The request (BEGIN_REQUEST
 * with KEEP_CONN, four params: {@code SCRIPT_FILENAME}, {@code REQUEST_METHOD},
 * {@code CONTENT_TYPE}, {@code CONTENT_LENGTH}, then the body as STDIN) is encoded once by hand,
 * so that no provider code runs in the loop; each {@link #roundTrip()} writes it and reads records
 * until END_REQUEST. This is the ceiling a FastCGI client in this JVM can reach on the pool.
 *
 * <p>Not thread-safe: one thread per connection. A kept connection pins a php-fpm child.
 */
final class BareFcgiConnection implements AutoCloseable {

    private static final int VERSION = 1;
    private static final int BEGIN_REQUEST = 1;
    private static final int END_REQUEST = 3;
    private static final int PARAMS = 4;
    private static final int STDIN = 5;
    private static final int STDOUT = 6;
    private static final int STDERR = 7;
    private static final int RESPONDER = 1;
    private static final int KEEP_CONN = 1;
    private static final int REQUEST_ID = 1;
    private static final int HEADER = 8;
    private static final int MAX_CONTENT = 0xFFFF;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final SocketChannel channel;
    private final ByteBuffer request;
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_CONTENT + 256 + HEADER);
    private final int bodySize;
    private byte[] stdout;
    private int stdoutLength;

    /**
     * Connects (blocking) to {@code address}.
     *
     * @param script   the script php-fpm runs ({@code SCRIPT_FILENAME}): an echo of the body
     * @param bodySize the body sent, which the echo must return
     */
    BareFcgiConnection(SocketAddress address, Path script, int bodySize) throws IOException {
        byte[] encoded = encodeRequest(script, Payloads.bytes(bodySize));
        this.request = ByteBuffer.allocateDirect(encoded.length).put(encoded).flip();
        this.bodySize = bodySize;
        this.stdout = new byte[bodySize + 1024];
        this.channel = SocketChannel.open(address);
    }

    /**
     * Sends the request and reads the reply to its END_REQUEST; blocks.
     *
     * @throws IOException           the connection failed or php-fpm closed it
     * @throws IllegalStateException the reply is not the echo of the body (php-fpm's STDERR attached)
     */
    void roundTrip() throws IOException {
        request.rewind();
        while (request.hasRemaining()) {
            channel.write(request);
        }
        stdoutLength = 0;
        ByteArrayOutputStream stderr = null;
        in.clear().limit(0);
        while (true) {
            fill(HEADER);
            int type = in.get(in.position() + 1) & 0xFF;
            int length = in.getShort(in.position() + 4) & 0xFFFF;
            int padding = in.get(in.position() + 6) & 0xFF;
            fill(HEADER + length + padding);
            in.position(in.position() + HEADER);
            if (type == STDOUT) {
                appendStdout(length);
            } else if (type == STDERR) {
                stderr = stderr == null ? new ByteArrayOutputStream() : stderr;
                for (int i = 0; i < length; i++) {
                    stderr.write(in.get(in.position() + i));
                }
            } else if (type == END_REQUEST) {
                in.position(in.position() + length + padding);
                checkEcho(stderr);
                return;
            }
            in.position(in.position() + length + padding);
        }
    }

    /** Reads until {@code n} bytes from the buffer's position are there (the buffer is read mode). */
    private void fill(int n) throws IOException {
        if (in.remaining() >= n) {
            return;
        }
        in.compact();
        while (in.position() < n) {
            if (channel.read(in) < 0) {
                throw new IOException("php-fpm closed the connection in the middle of a reply");
            }
        }
        in.flip();
    }

    private void appendStdout(int length) {
        if (stdoutLength + length > stdout.length) {
            stdout = java.util.Arrays.copyOf(stdout, Math.max(stdout.length * 2, stdoutLength + length));
        }
        in.get(in.position(), stdout, stdoutLength, length);
        stdoutLength += length;
    }

    private void checkEcho(ByteArrayOutputStream stderr) {
        int bodyStart = headEnd() + HEAD_END.length;
        if (bodyStart < HEAD_END.length || stdoutLength - bodyStart != bodySize) {
            throw new IllegalStateException("bare loop: the echo returned " + stdoutLength + " bytes of stdout, expected a"
                    + " CGI head and " + bodySize + " body bytes; stderr: "
                    + (stderr == null ? "" : stderr.toString(StandardCharsets.UTF_8)));
        }
    }

    private int headEnd() {
        outer:
        for (int i = 0; i + HEAD_END.length <= stdoutLength; i++) {
            for (int k = 0; k < HEAD_END.length; k++) {
                if (stdout[i + k] != HEAD_END[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * The whole request, record by record: BEGIN_REQUEST (responder, keep the connection), the
     * four params, the empty PARAMS, the body in STDIN records of at most 65,535 bytes, the empty
     * STDIN.
     */
    static byte[] encodeRequest(Path script, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
        record(out, BEGIN_REQUEST, new byte[] {0, RESPONDER, KEEP_CONN, 0, 0, 0, 0, 0});
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        params(script, body.length).forEach((name, value) -> param(params, name, value));
        record(out, PARAMS, params.toByteArray());
        record(out, PARAMS, new byte[0]);
        for (int from = 0; from < body.length; from += MAX_CONTENT) {
            record(out, STDIN, java.util.Arrays.copyOfRange(body, from, Math.min(body.length, from + MAX_CONTENT)));
        }
        record(out, STDIN, new byte[0]);
        return out.toByteArray();
    }

    /** The four params of the bare loop's request, in the order sent. */
    static Map<String, String> params(Path script, int contentLength) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("SCRIPT_FILENAME", script.toString());
        p.put("REQUEST_METHOD", "POST");
        p.put("CONTENT_TYPE", "application/octet-stream");
        p.put("CONTENT_LENGTH", Integer.toString(contentLength));
        return p;
    }

    private static void record(ByteArrayOutputStream out, int type, byte[] content) {
        if (content.length > MAX_CONTENT) {
            throw new IllegalArgumentException("a FastCGI record holds at most " + MAX_CONTENT + " bytes, was: "
                    + content.length);
        }
        int padding = (8 - content.length % 8) % 8;
        out.write(VERSION);
        out.write(type);
        out.write(REQUEST_ID >> 8);
        out.write(REQUEST_ID & 0xFF);
        out.write(content.length >> 8);
        out.write(content.length & 0xFF);
        out.write(padding);
        out.write(0);
        out.writeBytes(content);
        out.writeBytes(new byte[padding]);
    }

    private static void param(ByteArrayOutputStream out, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        length(out, n.length);
        length(out, v.length);
        out.writeBytes(n);
        out.writeBytes(v);
    }

    private static void length(ByteArrayOutputStream out, int length) {
        if (length < 128) {
            out.write(length);
        } else {
            out.write((length >>> 24) | 0x80);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
    }
}
