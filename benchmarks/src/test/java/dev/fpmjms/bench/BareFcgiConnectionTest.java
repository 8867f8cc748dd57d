package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class BareFcgiConnectionTest {

    /** One FastCGI record as read back from bytes. */
    private record Rec(int type, int requestId, byte[] content, int padding) {
    }

    private static List<Rec> records(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<Rec> out = new ArrayList<>();
        while (b.hasRemaining()) {
            assertEquals(1, b.get(), "version");
            int type = b.get() & 0xFF;
            int id = b.getShort() & 0xFFFF;
            int length = b.getShort() & 0xFFFF;
            int padding = b.get() & 0xFF;
            b.get();
            byte[] content = new byte[length];
            b.get(content);
            b.position(b.position() + padding);
            out.add(new Rec(type, id, content, padding));
        }
        return out;
    }

    private static Map<String, String> params(byte[] content) {
        Map<String, String> p = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
            int n = length(b);
            int v = length(b);
            byte[] name = new byte[n];
            byte[] value = new byte[v];
            b.get(name).get(value);
            p.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static int length(ByteBuffer b) {
        int first = b.get() & 0xFF;
        return first < 128 ? first : ((first & 0x7F) << 24) | ((b.get() & 0xFF) << 16) | ((b.get() & 0xFF) << 8) | (b.get() & 0xFF);
    }

    @Test
    void theRequestIsBeginKeepConnFourParamsAndTheBodyInStdinRecordsOfAtMost65535Bytes() {
        byte[] body = Payloads.bytes(70_000);
        List<Rec> r = records(BareFcgiConnection.encodeRequest(Path.of("/srv/echo.php"), body));

        assertEquals(List.of(1, 4, 4, 5, 5, 5), r.stream().map(Rec::type).toList());
        assertTrue(r.stream().allMatch(x -> x.requestId() == 1 && (x.content().length + x.padding()) % 8 == 0));
        assertArrayEquals(new byte[] {0, 1, 1, 0, 0, 0, 0, 0}, r.get(0).content(), "responder, keep the connection");
        assertEquals(Map.of("SCRIPT_FILENAME", "/srv/echo.php", "REQUEST_METHOD", "POST",
                "CONTENT_TYPE", "application/octet-stream", "CONTENT_LENGTH", "70000"), params(r.get(1).content()));
        assertEquals(0, r.get(2).content().length, "end of params");
        assertEquals(65_535, r.get(3).content().length);
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        stdin.writeBytes(r.get(3).content());
        stdin.writeBytes(r.get(4).content());
        assertArrayEquals(body, stdin.toByteArray());
        assertEquals(0, r.get(5).content().length, "end of stdin");
    }

    @Test
    void aParamOver127BytesHasAFourByteLength() {
        Path script = Path.of("/" + "d".repeat(200) + "/echo.php");
        List<Rec> r = records(BareFcgiConnection.encodeRequest(script, Payloads.bytes(1)));

        assertEquals(script.toString(), params(r.get(1).content()).get("SCRIPT_FILENAME"));
    }

    @Test
    void aRoundTripReadsPaddedStdoutAndStderrRecordsToEndRequestOnAKeptConnection(@TempDir Path dir) throws Exception {
        int size = 100;
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("fcgi.sock"));
        byte[] head = "Content-type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = Payloads.bytes(size);
        byte[] reply = concat(
                record(6, Arrays.copyOf(head, 10), 6),
                record(7, "a notice".getBytes(StandardCharsets.US_ASCII), 0),
                record(6, concat(Arrays.copyOfRange(head, 10, head.length), Arrays.copyOf(body, 30)), 2),
                record(6, Arrays.copyOfRange(body, 30, size), 0),
                record(3, new byte[8], 0));
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX).bind(address)) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> serve(server, reply, 3));
            try (BareFcgiConnection c = new BareFcgiConnection(address, Path.of("/srv/echo.php"), size)) {
                for (int i = 0; i < 3; i++) {
                    c.roundTrip();
                }
            }
            assertEquals(3, served.get(20, TimeUnit.SECONDS), "requests served on the one connection");
        }
    }

    @Test
    void aReplyThatIsNotTheEchoFailsNamingTheLengthsAndStderr(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("fcgi.sock"));
        byte[] reply = concat(
                record(6, "Status: 500\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0),
                record(7, "PHP Fatal error".getBytes(StandardCharsets.US_ASCII), 0),
                record(3, new byte[8], 0));
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX).bind(address)) {
            CompletableFuture.supplyAsync(() -> serve(server, reply, 1));
            try (BareFcgiConnection c = new BareFcgiConnection(address, Path.of("/srv/echo.php"), 64)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, c::roundTrip);
                assertTrue(e.getMessage().contains("64 body bytes") && e.getMessage().contains("PHP Fatal error"),
                        e.getMessage());
            }
        }
    }

    @Test
    void aConnectionClosedInTheMiddleOfAReplyIsAnIoException(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("fcgi.sock"));
        byte[] cut = Arrays.copyOf(record(6, "Content-type: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0), 12);
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX).bind(address)) {
            CompletableFuture.supplyAsync(() -> serve(server, cut, 1));
            try (BareFcgiConnection c = new BareFcgiConnection(address, Path.of("/srv/echo.php"), 64)) {
                assertThrows(IOException.class, c::roundTrip);
            }
        }
    }

    /** Accepts one connection; per request reads to the empty STDIN record, then writes {@code reply}; then closes. */
    private static int serve(ServerSocketChannel server, byte[] reply, int requests) {
        try (SocketChannel ch = server.accept()) {
            ByteBuffer in = ByteBuffer.allocate(1 << 20);
            int served = 0;
            while (served < requests) {
                if (ch.read(in) < 0) {
                    return served;
                }
                while (endOfRequest(in)) {
                    ch.write(ByteBuffer.wrap(reply));
                    served++;
                }
            }
            return served;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether {@code in} (write mode) holds a whole request; consumes it if so. */
    private static boolean endOfRequest(ByteBuffer in) {
        ByteBuffer b = in.duplicate().flip();
        while (b.remaining() >= 8) {
            int type = b.get(b.position() + 1);
            int length = b.getShort(b.position() + 4) & 0xFFFF;
            int padding = b.get(b.position() + 6) & 0xFF;
            if (b.remaining() < 8 + length + padding) {
                return false;
            }
            b.position(b.position() + 8 + length + padding);
            if (type == 5 && length == 0) {
                in.flip().position(b.position());
                in.compact();
                return true;
            }
        }
        return false;
    }

    private static byte[] record(int type, byte[] content, int padding) {
        ByteBuffer b = ByteBuffer.allocate(8 + content.length + padding);
        b.put((byte) 1).put((byte) type).putShort((short) 1).putShort((short) content.length).put((byte) padding)
                .put((byte) 0).put(content);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
