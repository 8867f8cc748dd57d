package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.FcgiProtocolException;
import dev.fpmjms.fastcgi.FcgiReplyMemory;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.fastcgi.FcgiResponseAssembler;
import dev.fpmjms.fastcgi.FcgiResponseListener;
import dev.fpmjms.fastcgi.FcgiResponseParser;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One request to php-fpm and its progress: the encoded request, the reply being parsed, counters
 * that classify a failure, and the future to complete. Created on any thread, then used by the
 * I/O thread only. The encoded request buffers are owned by the exchange and never modified:
 * each attempt writes from duplicates, so a retry resends the same bytes.
 *
 * @param <T> the result type: {@link FcgiResponse} or the {@code FCGI_GET_VALUES} map
 */
final class FcgiExchange<T> {

    enum Phase { WAITING, CONNECTING, WRITING, READING, DONE }

    /** Parses reply bytes; {@link #result()} is non-null once the reply is complete. */
    interface Reply<T> {
        /**
         * Consumes reply bytes. A responder's reply stops at its end: bytes after it stay in
         * {@code bytes} (the next reply on the connection's).
         */
        void feed(ByteBuffer bytes) throws FcgiProtocolException;

        T result();

        /** Gives back the reply memory this reply reserved; called once the exchange is over. */
        default void releaseMemory() {
        }
    }

    final CompletableFuture<T> future = new CompletableFuture<>();
    final String what;
    /** php-fpm closes the connection after the reply (GET_VALUES, or no FCGI_KEEP_CONN). */
    final boolean oneShot;
    private final ByteBuffer[] request;
    private final Supplier<Reply<T>> replies;

    Reply<T> reply;
    ByteBuffer[] out;
    int outIndex;
    Phase phase = Phase.WAITING;
    long deadline;
    long bytesWritten;
    long bytesRead;
    boolean everWritten;
    boolean retried;
    FcgiConnection connection;
    /** The backlog order of the connection last attached ({@link FcgiConnection#order}). */
    long connectionOrder;
    /**
     * The request written behind this one on its connection (pipelining): php-fpm's child reads it
     * when this one ends. Not in the loop's active list until then; {@code null} when none.
     */
    FcgiExchange<?> behind;
    /** This attempt was written behind another request on its connection. */
    boolean wasBehind;

    private FcgiExchange(String what, boolean oneShot, List<ByteBuffer> request, Supplier<Reply<T>> replies) {
        this.what = what;
        this.oneShot = oneShot;
        this.request = request.toArray(new ByteBuffer[0]);
        this.replies = replies;
    }

    static FcgiExchange<FcgiResponse> responder(List<ByteBuffer> request, boolean keepConn, int requestId,
                                                int maxStdoutBytes, int maxStderrBytes, FcgiReplyMemory memory) {
        return new FcgiExchange<>("request", !keepConn, request,
                () -> new ResponderReply(new FcgiResponseAssembler(requestId, maxStdoutBytes, maxStderrBytes, memory)));
    }

    /** An exchange with a reply parser of the caller's; for tests of the loop itself. */
    static <T> FcgiExchange<T> custom(String what, boolean oneShot, List<ByteBuffer> request, Supplier<Reply<T>> replies) {
        return new FcgiExchange<>(what, oneShot, request, replies);
    }

    static FcgiExchange<Map<String, String>> getValues(ByteBuffer request) {
        return new FcgiExchange<>("FCGI_GET_VALUES", true, List.of(request), ValuesReply::new);
    }

    /** Prepares a new attempt: fresh output duplicates, a fresh parser, zeroed per-attempt counters. */
    void beginAttempt() {
        out = new ByteBuffer[request.length];
        for (int i = 0; i < request.length; i++) {
            out[i] = request[i].duplicate();
        }
        outIndex = 0;
        wasBehind = false;
        bytesWritten = 0;
        bytesRead = 0;
        releaseMemory();
        reply = replies.get();
    }

    /** Gives back the reply memory of the current attempt, if any. */
    void releaseMemory() {
        if (reply != null) {
            reply.releaseMemory();
        }
    }

    boolean fullyWritten() {
        return out != null && outIndex == out.length;
    }

    /** Skips buffers that are written out; true when everything is written. */
    boolean advance() {
        while (outIndex < out.length && !out[outIndex].hasRemaining()) {
            outIndex++;
        }
        return outIndex == out.length;
    }

    private static final class ResponderReply implements Reply<FcgiResponse> {
        private final FcgiResponseAssembler assembler;
        private final FcgiResponseParser parser;
        private boolean ended;

        ResponderReply(FcgiResponseAssembler assembler) {
            this.assembler = assembler;
            this.parser = new FcgiResponseParser(assembler);
        }

        @Override
        public void feed(ByteBuffer bytes) throws FcgiProtocolException {
            ended = parser.feedToEnd(bytes);
        }

        @Override
        public FcgiResponse result() {
            return ended ? assembler.response() : null;
        }

        @Override
        public void releaseMemory() {
            assembler.releaseMemory();
        }
    }

    private static final class ValuesReply implements Reply<Map<String, String>>, FcgiResponseListener {
        private final FcgiResponseParser parser = new FcgiResponseParser(this);
        private Map<String, String> values;

        @Override
        public void feed(ByteBuffer bytes) throws FcgiProtocolException {
            parser.feed(bytes);
        }

        @Override
        public Map<String, String> result() {
            return values;
        }

        @Override
        public void onGetValuesResult(Map<String, String> result) {
            values = Map.copyOf(result);
        }
    }
}
