package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A CGI response: the head of a worker's STDOUT parsed, and its body as a view of the STDOUT
 * array (no copy).
 *
 * <p>Immutable as long as nobody modifies {@code buffer}, which the response shares with its
 * creator; {@link #body()} copies, {@link #bodyBuffer()} is a read-only view.
 *
 * @param status     the HTTP status: from the {@code Status} header, else 302 with a
 *                   {@code Location}, else 200
 * @param reason     the reason phrase from the {@code Status} header, else the standard phrase
 *                   for common codes, else empty; never {@code null}
 * @param headers    the headers other than {@code Status}, repeated ones joined with
 *                   {@code ", "}; case-insensitive and unmodifiable (a copy is taken), a
 *                   {@link java.util.SortedMap} ordered by {@link String#CASE_INSENSITIVE_ORDER}
 * @param buffer     the whole STDOUT
 * @param bodyOffset where the body starts in {@code buffer}
 * @param bodyLength how long the body is
 */
public record CgiResponse(int status, String reason, Map<String, String> headers, byte[] buffer,
        int bodyOffset, int bodyLength) {

    public CgiResponse {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(bodyOffset, bodyLength, buffer.length);
        Objects.requireNonNull(headers, "headers");
        headers = Collections.unmodifiableSortedMap(headers instanceof ParsedHeaders parsed ? parsed : copyOf(headers));
    }

    private static TreeMap<String, String> copyOf(Map<String, String> headers) {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        return copy;
    }

    /**
     * The case-insensitive map {@link CgiResponseParser} fills and hands over: a response takes
     * it without a copy, since the parser keeps no reference.
     */
    static final class ParsedHeaders extends TreeMap<String, String> {
        private static final long serialVersionUID = 1L;

        ParsedHeaders() {
            super(String.CASE_INSENSITIVE_ORDER);
        }
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return Arrays.copyOfRange(buffer, bodyOffset, bodyOffset + bodyLength);
    }

    /** A read-only view of the body: position 0, limit = {@link #bodyLength()}; no copy. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(buffer, bodyOffset, bodyLength).slice().asReadOnlyBuffer();
    }

    /** The header's value, name matched ignoring case; {@code null} when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return "CgiResponse[" + status + " " + reason + ", headers=" + headers + ", body="
                + bodyLength + " bytes]";
    }
}
