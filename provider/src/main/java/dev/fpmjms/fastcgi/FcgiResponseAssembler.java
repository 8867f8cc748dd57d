package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the STDOUT, STDERR and END_REQUEST of one request into a {@link FcgiResponse}, and
 * enforces the size limits as the bytes arrive.
 *
 * <ul>
 *   <li>STDOUT over {@code maxStdoutBytes} fails with a {@link FcgiProtocolException} as soon as
 *       the piece that crosses the limit arrives, before that piece is copied: memory stays
 *       bounded by the limit whatever the worker sends.</li>
 *   <li>STDERR over {@code maxStderrBytes} is not an error: the first {@code maxStderrBytes}
 *       bytes are kept and {@link FcgiResponse#stderrTruncated()} is set.</li>
 *   <li>A record for another request id, anything after END_REQUEST, or a second END_REQUEST
 *       is a {@link FcgiProtocolException}. Management records (GET_VALUES_RESULT,
 *       UNKNOWN_TYPE) are ignored.</li>
 * </ul>
 *
 * <p>Not thread-safe: use it on the thread that feeds the parser, then hand the response over.
 */
public final class FcgiResponseAssembler implements FcgiResponseListener {

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_GROWTH = 256;

    private final int requestId;
    private final int maxStdoutBytes;
    private final int maxStderrBytes;
    private byte[] stdout = EMPTY;
    private int stdoutLength;
    private byte[] stderr = EMPTY;
    private int stderrLength;
    private boolean stderrTruncated;
    private FcgiResponse response;

    /**
     * @param requestId      the request whose records to collect, 1..65535
     * @param maxStdoutBytes the largest STDOUT accepted (head and body), {@code >= 0}
     * @param maxStderrBytes the most STDERR bytes kept, {@code >= 0}
     */
    public FcgiResponseAssembler(int requestId, int maxStdoutBytes, int maxStderrBytes) {
        FcgiRecordLayout.checkRequestId(requestId);
        if (maxStdoutBytes < 0) {
            throw new IllegalArgumentException("maxStdoutBytes must be >= 0, was " + maxStdoutBytes);
        }
        if (maxStderrBytes < 0) {
            throw new IllegalArgumentException("maxStderrBytes must be >= 0, was " + maxStderrBytes);
        }
        this.requestId = requestId;
        this.maxStdoutBytes = maxStdoutBytes;
        this.maxStderrBytes = maxStderrBytes;
    }

    /** END_REQUEST has arrived. */
    public boolean isComplete() {
        return response != null;
    }

    /**
     * The collected response.
     *
     * @throws IllegalStateException END_REQUEST has not arrived yet
     */
    public FcgiResponse response() {
        if (response == null) {
            throw new IllegalStateException("FastCGI request " + requestId
                    + " is not complete: no END_REQUEST yet");
        }
        return response;
    }

    /** STDOUT bytes held so far; never more than {@code maxStdoutBytes}. */
    int stdoutLength() {
        return stdoutLength;
    }

    @Override
    public void onStdout(int id, ByteBuffer content) throws FcgiProtocolException {
        checkOpen(id, FcgiRecordType.STDOUT);
        int n = content.remaining();
        if (n > maxStdoutBytes - stdoutLength) {
            throw new FcgiProtocolException("FastCGI reply too large: STDOUT of request "
                    + requestId + " exceeds the limit of " + maxStdoutBytes
                    + " bytes (maxStdoutBytes)");
        }
        stdout = ensureCapacity(stdout, stdoutLength, n, maxStdoutBytes);
        content.get(stdout, stdoutLength, n);
        stdoutLength += n;
    }

    @Override
    public void onStderr(int id, ByteBuffer content) throws FcgiProtocolException {
        checkOpen(id, FcgiRecordType.STDERR);
        int n = content.remaining();
        int kept = Math.min(n, maxStderrBytes - stderrLength);
        if (kept < n) {
            stderrTruncated = true;
        }
        if (kept > 0) {
            stderr = ensureCapacity(stderr, stderrLength, kept, maxStderrBytes);
            content.get(stderr, stderrLength, kept);
            stderrLength += kept;
        }
        content.position(content.limit());
    }

    @Override
    public void onEndRequest(int id, int appStatus, FcgiProtocolStatus status)
            throws FcgiProtocolException {
        checkOpen(id, FcgiRecordType.END_REQUEST);
        response = new FcgiResponse(trim(stdout, stdoutLength), trim(stderr, stderrLength),
                stderrTruncated, appStatus, status);
        stdout = EMPTY;
        stderr = EMPTY;
    }

    private void checkOpen(int id, FcgiRecordType type) throws FcgiProtocolException {
        if (id != requestId) {
            throw new FcgiProtocolException(type + " record for request id " + id
                    + " while waiting for request " + requestId);
        }
        if (response != null) {
            throw new FcgiProtocolException(type + " record for request " + requestId
                    + " after its END_REQUEST");
        }
    }

    /** Room for {@code extra} more bytes: grows by doubling, never past {@code max}. */
    private static byte[] ensureCapacity(byte[] buf, int length, int extra, int max) {
        int needed = length + extra;
        if (needed <= buf.length) {
            return buf;
        }
        // The first piece is often the whole reply: size it exactly so no trim copy is needed.
        int grown = buf.length == 0 ? needed
                : (int) Math.min(max, Math.max((long) buf.length * 2, (long) needed + MIN_GROWTH));
        return Arrays.copyOf(buf, Math.max(grown, needed));
    }

    private static byte[] trim(byte[] buf, int length) {
        return buf.length == length ? buf : Arrays.copyOf(buf, length);
    }
}
