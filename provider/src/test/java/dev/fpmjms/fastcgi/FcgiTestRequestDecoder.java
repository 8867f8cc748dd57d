package dev.fpmjms.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an encoded request back as php-fpm does (php-src main/fastcgi.c, fcgi_read_request):
 * BEGIN_REQUEST of 8 bytes, PARAMS records each decoded on its own (a pair may not run across
 * records), an empty PARAMS, STDIN records up to an empty one, and nothing after. Fails with
 * {@link AssertionError} on anything else. Independent of the code under test.
 */
final class FcgiTestRequestDecoder {

    record Decoded(int requestId, int role, boolean keepConn, Map<String, String> params,
            byte[] stdin, int paramsRecords, int stdinRecords) {
    }

    private final ByteBuffer in;

    private FcgiTestRequestDecoder(byte[] wire) {
        this.in = ByteBuffer.wrap(wire);
    }

    static byte[] concat(List<ByteBuffer> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            ByteBuffer d = b.duplicate();
            byte[] chunk = new byte[d.remaining()];
            d.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }

    static Decoded decode(List<ByteBuffer> buffers) {
        return new FcgiTestRequestDecoder(concat(buffers)).decode();
    }

    private Decoded decode() {
        int[] h = header();
        check(h[1] == 1 && h[3] == 8, "first record must be BEGIN_REQUEST of 8 bytes");
        int id = h[2];
        int role = u8() << 8 | u8();
        int flags = u8();
        for (int i = 0; i < 5; i++) {
            u8();
        }
        skip(h[4]);
        Map<String, String> params = new LinkedHashMap<>();
        int paramsRecords = 0;
        while (true) {
            h = header();
            check(h[1] == 4 && h[2] == id, "expected PARAMS for request " + id);
            if (h[3] == 0) {
                skip(h[4]);
                break;
            }
            paramsRecords++;
            byte[] content = bytes(h[3]);
            skip(h[4]);
            decodePairs(content, params);
        }
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        int stdinRecords = 0;
        while (true) {
            h = header();
            check(h[1] == 5 && h[2] == id, "expected STDIN for request " + id);
            if (h[3] == 0) {
                skip(h[4]);
                break;
            }
            stdinRecords++;
            byte[] content = bytes(h[3]);
            stdin.write(content, 0, content.length);
            skip(h[4]);
        }
        check(!in.hasRemaining(), in.remaining() + " bytes after the empty STDIN");
        return new Decoded(id, role, (flags & 1) != 0, params, stdin.toByteArray(),
                paramsRecords, stdinRecords);
    }

    /** Decodes one record's pairs; like fcgi_get_params, a pair must end inside the record. */
    private static void decodePairs(byte[] content, Map<String, String> params) {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
            int nameLength = length(b);
            int valueLength = length(b);
            check((long) nameLength + valueLength <= b.remaining(),
                    "pair runs past the end of its PARAMS record");
            byte[] name = new byte[nameLength];
            byte[] value = new byte[valueLength];
            b.get(name).get(value);
            params.put(new String(name, StandardCharsets.UTF_8),
                    new String(value, StandardCharsets.UTF_8));
        }
    }

    private static int length(ByteBuffer b) {
        check(b.hasRemaining(), "pair length runs past the end of its PARAMS record");
        int first = b.get() & 0xFF;
        if (first < 128) {
            return first;
        }
        check(b.remaining() >= 3, "4-byte length runs past the end of its PARAMS record");
        int length = (first & 0x7F) << 24 | (b.get() & 0xFF) << 16 | (b.get() & 0xFF) << 8
                | (b.get() & 0xFF);
        check(length >= 128, "4-byte length used for " + length);
        return length;
    }

    /** version, type, requestId, contentLength, paddingLength. */
    private int[] header() {
        check(in.remaining() >= 8, "truncated header");
        int version = u8();
        int type = u8();
        int id = u8() << 8 | u8();
        int length = u8() << 8 | u8();
        int padding = u8();
        u8();
        check(version == 1, "version " + version);
        return new int[] {version, type, id, length, padding};
    }

    private int u8() {
        return in.get() & 0xFF;
    }

    private byte[] bytes(int n) {
        check(in.remaining() >= n, "truncated content");
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private void skip(int n) {
        check(in.remaining() >= n, "truncated padding");
        in.position(in.position() + n);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
