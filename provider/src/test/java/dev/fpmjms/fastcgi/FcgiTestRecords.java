package dev.fpmjms.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes the records a FastCGI responder sends, the way php-fpm does (content padded to a
 * multiple of 8), plus raw records with any field value for hostile input. Independent of the
 * code under test.
 */
final class FcgiTestRecords {

    static final int STDOUT = 6;
    static final int STDERR = 7;
    static final int END_REQUEST = 3;
    static final int GET_VALUES_RESULT = 10;
    static final int UNKNOWN_TYPE = 11;
    /** php-fpm's largest STDOUT record content (fcgi_write in main/fastcgi.c). */
    static final int PHP_MAX_CHUNK = 0xFFF8;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** One record with every field as given. */
    FcgiTestRecords raw(int version, int type, int requestId, byte[] content, int padding) {
        out.write(version);
        out.write(type);
        out.write(requestId >>> 8);
        out.write(requestId & 0xFF);
        out.write(content.length >>> 8);
        out.write(content.length & 0xFF);
        out.write(padding);
        out.write(0);
        out.write(content, 0, content.length);
        for (int i = 0; i < padding; i++) {
            out.write(0xEE); // any value: padding must be skipped
        }
        return this;
    }

    FcgiTestRecords record(int type, int requestId, byte[] content) {
        return raw(1, type, requestId, content, (8 - content.length % 8) % 8);
    }

    FcgiTestRecords stdout(int requestId, byte[] data) {
        return stream(STDOUT, requestId, data);
    }

    FcgiTestRecords stdout(int requestId, String text) {
        return stdout(requestId, text.getBytes(StandardCharsets.UTF_8));
    }

    FcgiTestRecords stderr(int requestId, String text) {
        return stream(STDERR, requestId, text.getBytes(StandardCharsets.UTF_8));
    }

    private FcgiTestRecords stream(int type, int requestId, byte[] data) {
        for (int pos = 0; pos < data.length; pos += PHP_MAX_CHUNK) {
            int n = Math.min(PHP_MAX_CHUNK, data.length - pos);
            byte[] chunk = new byte[n];
            System.arraycopy(data, pos, chunk, 0, n);
            record(type, requestId, chunk);
        }
        return this;
    }

    FcgiTestRecords endRequest(int requestId, int appStatus, int protocolStatus) {
        return record(END_REQUEST, requestId, new byte[] {
            (byte) (appStatus >>> 24), (byte) (appStatus >>> 16), (byte) (appStatus >>> 8),
            (byte) appStatus, (byte) protocolStatus, 0, 0, 0});
    }

    FcgiTestRecords getValuesResult(Map<String, String> values) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : values.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            writeLength(content, name.length);
            writeLength(content, value.length);
            content.write(name, 0, name.length);
            content.write(value, 0, value.length);
        }
        return record(GET_VALUES_RESULT, 0, content.toByteArray());
    }

    static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 128) {
            out.write(length);
        } else {
            out.write(0x80 | (length >>> 24));
            out.write((length >>> 16) & 0xFF);
            out.write((length >>> 8) & 0xFF);
            out.write(length & 0xFF);
        }
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
