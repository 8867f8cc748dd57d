package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

import static dev.fpmjms.fastcgi.FcgiRecordLayout.END_REQUEST_BODY_LENGTH;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.HEADER_LENGTH;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.MANAGEMENT_REQUEST_ID;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.UNKNOWN_TYPE_BODY_LENGTH;
import static dev.fpmjms.fastcgi.FcgiRecordLayout.VERSION_1;

/**
 * Reads the records a FastCGI responder sends, as an incremental state machine: input may be
 * split anywhere, down to one byte per {@link #feed} call, and the listener sees the same calls
 * either way (except how STDOUT/STDERR content is cut into pieces).
 *
 * <p>Accepted records: STDOUT and STDERR (content passed on as views of the input, never
 * buffered here), END_REQUEST (body of exactly 8 bytes), GET_VALUES_RESULT (whole pairs) and
 * UNKNOWN_TYPE (8 bytes). A record a responder may not send (BEGIN_REQUEST, ABORT_REQUEST,
 * PARAMS, STDIN, DATA, GET_VALUES), an unknown type, a version other than 1, a request id of 0
 * on a request record or non-zero on a management record is a {@link FcgiProtocolException}
 * naming the value. Padding is skipped. Memory use is bounded by one record (64 KiB) for the
 * buffered record types and constant otherwise.
 *
 * <p>Not thread-safe: one parser per connection, fed by one thread at a time. After any
 * exception (its own or the listener's) the parser is broken and {@code feed} throws
 * {@link IllegalStateException}; discard the connection.
 */
public final class FcgiResponseParser {

    private enum State { HEADER, CONTENT, PADDING }

    private final FcgiResponseListener listener;
    private final byte[] header = new byte[HEADER_LENGTH];
    private final byte[] smallBody = new byte[END_REQUEST_BODY_LENGTH];
    private State state = State.HEADER;
    private int headerFilled;
    private FcgiRecordType type;
    private int requestId;
    private int contentLength;
    private int contentDone;
    private int paddingLeft;
    private byte[] body;
    private boolean failed;
    /** An END_REQUEST record has been read (its padding may still be to come). */
    private boolean ended;

    public FcgiResponseParser(FcgiResponseListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Consumes all remaining bytes of {@code data}, calling the listener for what they complete.
     * Never blocks. Content buffers passed to the listener are views of {@code data}.
     *
     * @throws FcgiProtocolException the input breaks the protocol, or the listener rejected it
     * @throws IllegalStateException an earlier call failed
     */
    public void feed(ByteBuffer data) throws FcgiProtocolException {
        consume(data, false);
    }

    /**
     * Like {@link #feed}, but stops after the END_REQUEST record and its padding: the bytes after
     * it stay in {@code data}. They belong to the next reply on the same connection (a request
     * written behind this one, see {@code FcgiIoLoop}'s pipelining).
     *
     * @return true once the END_REQUEST record and its padding are consumed (by this call or an
     *         earlier one); the parser takes no more input then
     * @throws FcgiProtocolException the input breaks the protocol, or the listener rejected it
     * @throws IllegalStateException an earlier call failed
     */
    public boolean feedToEnd(ByteBuffer data) throws FcgiProtocolException {
        consume(data, true);
        return endConsumed();
    }

    /** Whether the END_REQUEST record and its padding have been consumed. */
    private boolean endConsumed() {
        return ended && state == State.HEADER;
    }

    /** Parses records from {@code data}; with {@code stopAtEnd}, not past the END_REQUEST record and its padding. */
    private void consume(ByteBuffer data, boolean stopAtEnd) throws FcgiProtocolException {
        checkUsable();
        try {
            while (data.hasRemaining() && !(stopAtEnd && endConsumed())) {
                switch (state) {
                    case HEADER -> readHeader(data);
                    case CONTENT -> readContent(data);
                    case PADDING -> skipPadding(data);
                    default -> throw new IllegalStateException(state.name());
                }
            }
        } catch (FcgiProtocolException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * The input ended (the peer closed the connection). Fine between records.
     *
     * @throws FcgiProtocolException a record is half read: "truncated record ..." with how much
     *                               of it arrived
     */
    public void endOfInput() throws FcgiProtocolException {
        checkUsable();
        String truncated = switch (state) {
            case HEADER -> headerFilled == 0 ? null
                    : headerFilled + " of " + HEADER_LENGTH + " header bytes";
            case CONTENT -> contentDone + " of " + contentLength + " content bytes of the " + type
                    + " record";
            case PADDING -> "the content of the " + type + " record, with " + paddingLeft
                    + " padding bytes missing";
        };
        if (truncated != null) {
            failed = true;
            throw new FcgiProtocolException("truncated record: input ended after " + truncated);
        }
    }

    private void checkUsable() {
        if (failed) {
            throw new IllegalStateException("FastCGI parser failed earlier; discard the connection");
        }
    }

    private void readHeader(ByteBuffer data) throws FcgiProtocolException {
        int n = Math.min(HEADER_LENGTH - headerFilled, data.remaining());
        data.get(header, headerFilled, n);
        headerFilled += n;
        if (headerFilled == HEADER_LENGTH) {
            headerFilled = 0;
            startRecord();
        }
    }

    private void startRecord() throws FcgiProtocolException {
        int version = header[0] & 0xFF;
        if (version != VERSION_1) {
            throw new FcgiProtocolException("unsupported FastCGI version " + version
                    + " (expected " + VERSION_1 + ")");
        }
        try {
            type = FcgiRecordType.from(header[1] & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new FcgiProtocolException(e.getMessage());
        }
        requestId = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        contentLength = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        paddingLeft = header[6] & 0xFF;
        contentDone = 0;
        switch (type) {
            case STDOUT, STDERR -> requireRequestRecord();
            case END_REQUEST -> {
                requireRequestRecord();
                requireContentLength(END_REQUEST_BODY_LENGTH);
                body = smallBody;
            }
            case UNKNOWN_TYPE -> {
                requireManagementRecord();
                requireContentLength(UNKNOWN_TYPE_BODY_LENGTH);
                body = smallBody;
            }
            case GET_VALUES_RESULT -> {
                requireManagementRecord();
                body = new byte[contentLength];
            }
            default -> throw new FcgiProtocolException("FastCGI record type " + type + " ("
                    + type.code() + ") may not be sent by a responder");
        }
        state = State.CONTENT;
        if (contentLength == 0) {
            endContent();
        }
    }

    private void requireRequestRecord() throws FcgiProtocolException {
        if (requestId == MANAGEMENT_REQUEST_ID) {
            throw new FcgiProtocolException(type + " record with request id 0, which is for"
                    + " management records only");
        }
    }

    private void requireManagementRecord() throws FcgiProtocolException {
        if (requestId != MANAGEMENT_REQUEST_ID) {
            throw new FcgiProtocolException(type + " record with request id " + requestId
                    + " (expected 0 for a management record)");
        }
    }

    private void requireContentLength(int expected) throws FcgiProtocolException {
        if (contentLength != expected) {
            throw new FcgiProtocolException(type + " record with a body of " + contentLength
                    + " bytes (expected " + expected + ")");
        }
    }

    private void readContent(ByteBuffer data) throws FcgiProtocolException {
        int n = Math.min(contentLength - contentDone, data.remaining());
        if (type == FcgiRecordType.STDOUT || type == FcgiRecordType.STDERR) {
            int pos = data.position();
            ByteBuffer view = data.slice(pos, n);
            data.position(pos + n);
            contentDone += n;
            if (type == FcgiRecordType.STDOUT) {
                listener.onStdout(requestId, view);
            } else {
                listener.onStderr(requestId, view);
            }
        } else {
            data.get(body, contentDone, n);
            contentDone += n;
        }
        if (contentDone == contentLength) {
            endContent();
        }
    }

    private void endContent() throws FcgiProtocolException {
        state = paddingLeft > 0 ? State.PADDING : State.HEADER;
        switch (type) {
            case END_REQUEST -> endRequest();
            case UNKNOWN_TYPE -> listener.onUnknownType(body[0] & 0xFF);
            case GET_VALUES_RESULT -> getValuesResult();
            default -> {
                // STDOUT and STDERR were passed on as they arrived
            }
        }
        body = null;
    }

    private void endRequest() throws FcgiProtocolException {
        int appStatus = ((body[0] & 0xFF) << 24) | ((body[1] & 0xFF) << 16)
                | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
        FcgiProtocolStatus status;
        try {
            status = FcgiProtocolStatus.from(body[4] & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new FcgiProtocolException(e.getMessage());
        }
        ended = true;
        listener.onEndRequest(requestId, appStatus, status);
    }

    private void getValuesResult() throws FcgiProtocolException {
        Map<String, String> values;
        try {
            values = FcgiNameValuePairs.decode(ByteBuffer.wrap(body, 0, contentLength));
        } catch (FcgiProtocolException e) {
            throw new FcgiProtocolException("malformed GET_VALUES_RESULT record of "
                    + contentLength + " bytes: " + e.getMessage());
        }
        listener.onGetValuesResult(values);
    }

    private void skipPadding(ByteBuffer data) {
        int n = Math.min(paddingLeft, data.remaining());
        data.position(data.position() + n);
        paddingLeft -= n;
        if (paddingLeft == 0) {
            state = State.HEADER;
        }
    }
}
