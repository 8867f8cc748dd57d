package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.fpmjms.fastcgi.FcgiRecordLayout.BEGIN_REQUEST_BODY_LENGTH;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.FLAG_KEEP_CONN;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.HEADER_LENGTH;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.MANAGEMENT_REQUEST_ID;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.MAX_CONTENT_LENGTH;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.putHeader;

/**
 * Writes FastCGI requests as buffers ready for a gathering write.
 *
 * <p>PARAMS records always hold whole name-value pairs: php-fpm decodes each PARAMS record on
 * its own ({@code fcgi_get_params} in php-src {@code main/fastcgi.c}) and drops the connection
 * when a pair runs across two records. Pairs are packed greedily into records of at most
 * 65,535 content bytes, so a parameter block over 64 KiB is split at a pair boundary, and one
 * pair that alone needs more than 65,535 bytes is rejected. No padding is written (it is
 * optional in FastCGI 1.0).
 *
 * <p>Stateless and thread-safe.
 */
public final class FcgiRequestWriter {

    /** The most bytes one name-value pair may take, lengths included: one record's content. */
    public static final int MAX_PAIR_LENGTH = MAX_CONTENT_LENGTH;

    private FcgiRequestWriter() {
    }

    /**
     * Encodes a whole request: {@code BEGIN_REQUEST}, the PARAMS records, an empty PARAMS, the
     * STDIN records (at most 65,535 bytes each) and an empty STDIN.
     *
     * <p>The first buffer holds all records up to the first STDIN header in one exactly sized
     * heap array. Each STDIN content buffer is a view of {@link FcgiRequest#stdin()} (no copy),
     * so that array must stay unchanged until the buffers are written. Each buffer is ready to
     * read: write its remaining bytes, in list order.
     *
     * @return a new mutable list owned by the caller
     * @throws IllegalArgumentException a param is not encodable (unpaired surrogate) or a pair
     *                                  is longer than {@link #MAX_PAIR_LENGTH}, naming the param
     */
    public static List<ByteBuffer> encode(FcgiRequest request) {
        return encode(request.requestId(), request.role(), request.keepConn(), request.params(), request.stdin());
    }

    /**
     * Encodes a whole request from its parts, as {@link #encode(FcgiRequest)} does, without
     * building an {@link FcgiRequest} (whose constructor copies the params): for callers that
     * encode at once and keep nothing. The params are only read, during this call.
     *
     * @throws IllegalArgumentException the request id is out of range, a param name or value is
     *                                  {@code null}, not encodable, or a pair is too long
     */
    public static List<ByteBuffer> encode(int id, FcgiRole role, boolean keepConn, Map<String, String> params,
                                          byte[] stdin) {
        FcgiRecordLayout.checkRequestId(id);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(stdin, "stdin");
        FcgiRequest.checkNoNulls(params);
        int[] lengths = FcgiNameValuePairs.utf8Lengths(params);
        ParamsLayout layout = ParamsLayout.of(params, lengths);

        long headLength = HEADER_LENGTH + BEGIN_REQUEST_BODY_LENGTH
                + layout.records * (long) HEADER_LENGTH + layout.contentLength
                + HEADER_LENGTH   // empty PARAMS
                + HEADER_LENGTH;  // first STDIN, or the empty STDIN
        if (headLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("FastCGI params of " + layout.contentLength
                    + " bytes exceed the limit of " + Integer.MAX_VALUE + " bytes");
        }
        byte[] head = new byte[(int) headLength];
        int off = putBeginRequest(head, id, role, keepConn);
        off = putParams(head, off, id, params, lengths);
        off = putHeader(head, off, FcgiRecordType.PARAMS, id, 0);

        int stdinRecords = (stdin.length + MAX_CONTENT_LENGTH - 1) / MAX_CONTENT_LENGTH;
        List<ByteBuffer> out = new ArrayList<>(2 * stdinRecords + 1);
        int chunk = Math.min(stdin.length, MAX_CONTENT_LENGTH);
        putHeader(head, off, FcgiRecordType.STDIN, id, chunk);
        out.add(ByteBuffer.wrap(head));
        if (chunk == 0) {
            return out;
        }
        out.add(ByteBuffer.wrap(stdin, 0, chunk));
        for (int pos = chunk; pos < stdin.length; pos += chunk) {
            chunk = Math.min(stdin.length - pos, MAX_CONTENT_LENGTH);
            out.add(header(FcgiRecordType.STDIN, id, chunk));
            out.add(ByteBuffer.wrap(stdin, pos, chunk));
        }
        out.add(header(FcgiRecordType.STDIN, id, 0));
        return out;
    }

    /**
     * Encodes one {@code GET_VALUES} management record (request id 0) asking for these
     * variables, e.g. {@code FCGI_MAX_CONNS}, {@code FCGI_MAX_REQS}, {@code FCGI_MPXS_CONNS}.
     *
     * @return a new heap buffer ready to read
     * @throws IllegalArgumentException the names need more than one record (65,535 bytes)
     */
    public static ByteBuffer encodeGetValues(Collection<String> names) {
        Objects.requireNonNull(names, "names");
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : names) {
            query.put(Objects.requireNonNull(name, "GET_VALUES name"), "");
        }
        int[] lengths = FcgiNameValuePairs.utf8Lengths(query);
        long content = FcgiNameValuePairs.encodedLength(lengths);
        if (content > MAX_CONTENT_LENGTH) {
            throw new IllegalArgumentException("GET_VALUES names need " + content
                    + " bytes, over the limit of " + MAX_CONTENT_LENGTH + " bytes of one record");
        }
        byte[] dst = new byte[HEADER_LENGTH + (int) content];
        int off = putHeader(dst, 0, FcgiRecordType.GET_VALUES, MANAGEMENT_REQUEST_ID,
                (int) content);
        FcgiNameValuePairs.encode(query, lengths, dst, off);
        return ByteBuffer.wrap(dst);
    }

    private static int putBeginRequest(byte[] dst, int id, FcgiRole role, boolean keepConn) {
        int off = putHeader(dst, 0, FcgiRecordType.BEGIN_REQUEST, id, BEGIN_REQUEST_BODY_LENGTH);
        dst[off] = (byte) (role.code() >>> 8);
        dst[off + 1] = (byte) role.code();
        dst[off + 2] = (byte) (keepConn ? FLAG_KEEP_CONN : 0);
        // off + 3 .. off + 7: reserved, already zero
        return off + BEGIN_REQUEST_BODY_LENGTH;
    }

    /** Writes the non-empty PARAMS records, whole pairs packed greedily; returns the end. */
    private static int putParams(byte[] dst, int off, int id, Map<String, String> params,
            int[] lengths) {
        int recordStart = -1;
        int recordLength = 0;
        int i = 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            int nameLength = lengths[i++];
            int valueLength = lengths[i++];
            int pairLength = (int) pairLength(nameLength, valueLength);
            if (recordStart < 0 || recordLength + pairLength > MAX_CONTENT_LENGTH) {
                if (recordStart >= 0) {
                    putHeader(dst, recordStart, FcgiRecordType.PARAMS, id, recordLength);
                }
                recordStart = off;
                recordLength = 0;
                off += HEADER_LENGTH;
            }
            off = FcgiNameValuePairs.putPair(dst, off, e.getKey(), nameLength, e.getValue(),
                    valueLength);
            recordLength += pairLength;
        }
        if (recordStart >= 0) {
            putHeader(dst, recordStart, FcgiRecordType.PARAMS, id, recordLength);
        }
        return off;
    }

    private static long pairLength(int nameLength, int valueLength) {
        return FcgiNameValuePairs.lengthFieldSize(nameLength)
                + FcgiNameValuePairs.lengthFieldSize(valueLength)
                + (long) nameLength + valueLength;
    }

    private static ByteBuffer header(FcgiRecordType type, int id, int contentLength) {
        byte[] h = new byte[HEADER_LENGTH];
        putHeader(h, 0, type, id, contentLength);
        return ByteBuffer.wrap(h);
    }

    /** How the PARAMS stream splits into records: the same greedy packing as the writer. */
    private static final class ParamsLayout {
        final int records;
        final long contentLength;

        private ParamsLayout(int records, long contentLength) {
            this.records = records;
            this.contentLength = contentLength;
        }

        static ParamsLayout of(Map<String, String> params, int[] lengths) {
            int records = 0;
            long total = 0;
            long recordLength = 0;
            Iterator<String> names = params.keySet().iterator();
            for (int i = 0; i < lengths.length; i += 2) {
                String name = names.next();
                long pair = pairLength(lengths[i], lengths[i + 1]);
                if (pair > MAX_PAIR_LENGTH) {
                    throw new IllegalArgumentException("FastCGI parameter '" + shorten(name)
                            + "' needs " + pair + " bytes, over the limit of " + MAX_PAIR_LENGTH
                            + " bytes (one PARAMS record: php-fpm does not join a pair split"
                            + " across records)");
                }
                if (records == 0 || recordLength + pair > MAX_CONTENT_LENGTH) {
                    records++;
                    recordLength = 0;
                }
                recordLength += pair;
                total += pair;
            }
            return new ParamsLayout(records, total);
        }

        private static String shorten(String name) {
            return name.length() <= 64 ? name : name.substring(0, 64) + "...";
        }
    }
}
