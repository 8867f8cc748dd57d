package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects the STDOUT, STDERR and END_REQUEST of one request into a {@link FcgiResponse}, and
 * enforces the size limits as the bytes arrive.
 *
 * <ul>
 *   <li>STDOUT over {@code maxStdoutBytes} fails with a {@link FcgiLimitException}
 *       ({@link FcgiLimitException.Limit#REPLY_SIZE}) as soon as the piece that crosses the limit
 *       arrives, before that piece is copied: memory stays bounded by the limit whatever the
 *       worker sends.</li>
 *   <li>STDERR over {@code maxStderrBytes} is not an error: the first {@code maxStderrBytes}
 *       bytes are kept, the rest is counted and dropped, and
 *       {@link FcgiResponse#stderrTruncated()} is set. A worker that streams more STDERR than
 *       {@code max(maxStdoutBytes, maxStderrBytes)} in all fails with a
 *       {@link FcgiLimitException} ({@link FcgiLimitException.Limit#REPLY_SIZE}): endless STDERR
 *       ends at that limit, not at a read timeout.</li>
 *   <li>Every buffer growth is reserved from a {@link FcgiReplyMemory} first; when the budget
 *       cannot cover it the reply fails with a {@link FcgiLimitException}
 *       ({@link FcgiLimitException.Limit#REPLY_MEMORY}) and nothing is allocated. What is
 *       reserved stays reserved until {@link #releaseMemory()}: call it when the response has
 *       been handed over or the reply is dropped.</li>
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
    private final long maxStderrStreamed;
    private final FcgiReplyMemory memory;
    private long reserved;
    private long stderrStreamed;
    private byte[] stdout = EMPTY;
    private int stdoutLength;
    private byte[] stderr = EMPTY;
    private int stderrLength;
    private boolean stderrTruncated;
    private FcgiResponse response;

    /**
     * An assembler whose buffers are not counted against any budget.
     *
     * @param requestId      the request whose records to collect, 1..65535
     * @param maxStdoutBytes the largest STDOUT accepted (head and body), {@code >= 0}
     * @param maxStderrBytes the most STDERR bytes kept, {@code >= 0}
     */
    public FcgiResponseAssembler(int requestId, int maxStdoutBytes, int maxStderrBytes) {
        this(requestId, maxStdoutBytes, maxStderrBytes, FcgiReplyMemory.UNLIMITED);
    }

    /**
     * @param requestId      the request whose records to collect, 1..65535
     * @param maxStdoutBytes the largest STDOUT accepted (head and body), {@code >= 0}
     * @param maxStderrBytes the most STDERR bytes kept, {@code >= 0}
     * @param memory         the budget every buffer growth is reserved from
     */
    public FcgiResponseAssembler(int requestId, int maxStdoutBytes, int maxStderrBytes, FcgiReplyMemory memory) {
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
        this.maxStderrStreamed = Math.max(maxStdoutBytes, maxStderrBytes);
        this.memory = Objects.requireNonNull(memory, "memory");
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
            throw new FcgiLimitException(FcgiLimitException.Limit.REPLY_SIZE, "FastCGI reply too large: STDOUT of request "
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
        stderrStreamed += n;
        if (stderrStreamed > maxStderrStreamed) {
            throw new FcgiLimitException(FcgiLimitException.Limit.REPLY_SIZE, "FastCGI reply too large: STDERR of request "
                    + requestId + " exceeds the limit of " + maxStderrStreamed
                    + " bytes (the larger of maxStdoutBytes and maxStderrBytes; the first "
                    + stderrLength + " bytes were kept)");
        }
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

    /**
     * Room for {@code extra} more bytes: grows by doubling, never past {@code max}. The new array
     * is reserved before it is allocated and the old one released after the copy, so the budget
     * covers the moment both exist.
     */
    private byte[] ensureCapacity(byte[] buf, int length, int extra, int max) throws FcgiLimitException {
        int needed = length + extra;
        if (needed <= buf.length) {
            return buf;
        }
        // The first piece is often the whole reply: size it exactly so no trim copy is needed.
        int grown = buf.length == 0 ? needed
                : (int) Math.min(max, Math.max((long) buf.length * 2, (long) needed + MIN_GROWTH));
        int capacity = Math.max(grown, needed);
        reserve(capacity);
        byte[] copy = Arrays.copyOf(buf, capacity);
        unreserve(buf.length);
        return copy;
    }

    private byte[] trim(byte[] buf, int length) throws FcgiLimitException {
        if (buf.length == length) {
            return buf;
        }
        reserve(length);
        byte[] copy = Arrays.copyOf(buf, length);
        unreserve(buf.length);
        return copy;
    }

    private void reserve(int bytes) throws FcgiLimitException {
        if (!memory.tryReserve(bytes)) {
            throw new FcgiLimitException(FcgiLimitException.Limit.REPLY_MEMORY, "no reply memory for request "
                    + requestId + ": " + bytes + " more bytes would exceed " + memory + " (" + stdoutLength
                    + " bytes of STDOUT held)");
        }
        reserved += bytes;
    }

    private void unreserve(int bytes) {
        memory.release(bytes);
        reserved -= bytes;
    }

    /**
     * Gives back every byte this assembler reserved. Call it once the response is handed over (its
     * arrays then belong to the receiver) or the reply is dropped; later calls do nothing.
     */
    public void releaseMemory() {
        if (reserved > 0) {
            memory.release(reserved);
            reserved = 0;
        }
    }

    /** Bytes reserved from the budget right now. */
    long reservedBytes() {
        return reserved;
    }
}
