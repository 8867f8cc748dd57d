package dev.fpmjms.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted FastCGI server on a real TCP socket: for each request it reads (up to the empty
 * STDIN record) it asks the script what to do, given the connection's index and the request's
 * index on that connection; or, made with {@link #replying}, which reply to send. An
 * {@code FCGI_GET_VALUES} record is answered (with no values) and the connection closed, as
 * php-fpm does. One thread per connection; {@link #close()} stops everything. Public for the
 * tests of the layers above the transport (the gateway's outcome classification).
 */
public final class FakeFcgiServer implements AutoCloseable {

    /**
     * What to do with a request. {@code STREAM_STDOUT} and {@code STREAM_STDERR} write full records
     * (after a CGI head, for STDOUT) without end, until the client closes the connection.
     * {@code REPLY_WITH_NEXT} holds the reply back and sends it in one write with the next request's
     * reply (two replies in one read on the client's side). {@code REPLY_THEN_CLOSE} replies, then
     * does what a php-fpm child at {@code pm.max_requests} does: shuts its side down, reads and
     * discards whatever the client sent after that request, and closes when the client does.
     */
    public enum Action { REPLY, CLOSE_SILENTLY, PARTIAL_THEN_CLOSE, GARBAGE, HANG, STREAM_STDOUT, STREAM_STDERR,
        REPLY_WITH_NEXT, REPLY_THEN_CLOSE }

    private static final byte[] FULL_RECORD = new byte[65_535];

    public interface Script {
        Action on(int connection, int request);
    }

    /**
     * A complete reply, sent as given: {@code stdout} (a CGI response, head and body; may be
     * empty), {@code stderr} (sent only when not empty) and the END_REQUEST record's protocol
     * status (0 is REQUEST_COMPLETE).
     */
    public record Reply(String stdout, String stderr, int protocolStatus) {
        /** A completed request whose STDOUT is {@code stdout}, with nothing on STDERR. */
        public static Reply stdout(String stdout) {
            return new Reply(stdout, "", 0);
        }
    }

    /** Which reply to send to a request. */
    public interface Replies {
        Reply on(int connection, int request);
    }

    private final ServerSocket server;
    private final Script script;
    private final Replies replies;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    public FakeFcgiServer(Script script) throws IOException {
        this(script, null);
    }

    /** A server that answers every request with the reply {@code replies} gives. */
    public static FakeFcgiServer replying(Replies replies) throws IOException {
        return new FakeFcgiServer(null, replies);
    }

    private FakeFcgiServer(Script script, Replies replies) throws IOException {
        this.script = script;
        this.replies = replies;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fake-fcgi-accept");
        t.setDaemon(true);
        t.start();
    }

    public FcgiEndpoint endpoint() {
        return FcgiEndpoint.tcp("127.0.0.1", server.getLocalPort());
    }

    public int connections() {
        return connections.get();
    }

    public int requests() {
        return requests.get();
    }

    /** Connections accepted and not yet closed by either side. */
    int openConnections() {
        return open.get();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                sockets.add(s);
                open.incrementAndGet();
                int index = connections.getAndIncrement();
                Thread t = new Thread(() -> serve(s, index), "fake-fcgi-conn-" + index);
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket s, int connection) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            ByteArrayOutputStream held = new ByteArrayOutputStream();
            for (int request = 0; ; request++) {
                int id = readRequest(in);
                if (id == GET_VALUES) {
                    out.write(record(10, 0, ""));
                    out.flush();
                    return;
                }
                requests.incrementAndGet();
                if (replies != null) {
                    send(out, id, replies.on(connection, request));
                    continue;
                }
                switch (script.on(connection, request)) {
                    case REPLY -> {
                        held.writeBytes(okReply(id, connection, request));
                        out.write(held.toByteArray());
                        out.flush();
                        held.reset();
                    }
                    case REPLY_WITH_NEXT -> held.writeBytes(okReply(id, connection, request));
                    case REPLY_THEN_CLOSE -> {
                        out.write(okReply(id, connection, request));
                        out.flush();
                        s.shutdownOutput();
                        in.transferTo(OutputStream.nullOutputStream()); // until the client closes
                        return;
                    }
                    case CLOSE_SILENTLY -> {
                        return;
                    }
                    case PARTIAL_THEN_CLOSE -> {
                        out.write(record(6, id, "Status: 200 OK\r\n"));
                        out.flush();
                        return;
                    }
                    case GARBAGE -> {
                        out.write("HTTP/1.1 200 OK\r\n\r\nnot fastcgi".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case HANG -> closed.await();
                    case STREAM_STDOUT -> {
                        out.write(record(6, id, "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n"));
                        byte[] r = record(6, id, FULL_RECORD);
                        while (true) {
                            out.write(r); // until the client closes: the write then throws
                        }
                    }
                    case STREAM_STDERR -> {
                        byte[] r = record(7, id, FULL_RECORD);
                        while (true) {
                            out.write(r);
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // client went away or server closed
        } finally {
            open.decrementAndGet();
        }
    }

    private static byte[] okReply(int id, int connection, int request) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(record(6, id, "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nok c" + connection + " r" + request));
        b.writeBytes(record(6, id, ""));
        b.writeBytes(record(3, id, new byte[] {0, 0, 0, 0, 0, 0, 0, 0}));
        return b.toByteArray();
    }

    private static void send(OutputStream out, int id, Reply reply) throws IOException {
        byte[] stdout = reply.stdout().getBytes(StandardCharsets.UTF_8);
        if (stdout.length > 0) {
            out.write(record(6, id, stdout));
        }
        out.write(record(6, id, ""));
        byte[] stderr = reply.stderr().getBytes(StandardCharsets.UTF_8);
        if (stderr.length > 0) {
            out.write(record(7, id, stderr));
            out.write(record(7, id, ""));
        }
        out.write(record(3, id, new byte[] {0, 0, 0, 0, (byte) reply.protocolStatus(), 0, 0, 0}));
        out.flush();
    }

    private static final int GET_VALUES = -1;

    /** Reads records up to the empty STDIN record; returns the request id, or GET_VALUES for that record. */
    private static int readRequest(InputStream in) throws IOException {
        while (true) {
            byte[] h = in.readNBytes(8);
            if (h.length < 8) {
                throw new EOFException();
            }
            int type = h[1] & 0xff;
            int id = ((h[2] & 0xff) << 8) | (h[3] & 0xff);
            int length = ((h[4] & 0xff) << 8) | (h[5] & 0xff);
            int padding = h[6] & 0xff;
            if (in.readNBytes(length + padding).length < length + padding) {
                throw new EOFException();
            }
            if (type == 5 && length == 0) {
                return id;
            }
            if (type == 9) {
                return GET_VALUES;
            }
        }
    }

    private static byte[] record(int type, int id, String content) {
        return record(type, id, content.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] record(int type, int id, byte[] content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(1);
        b.write(type);
        b.write(id >> 8);
        b.write(id);
        b.write(content.length >> 8);
        b.write(content.length);
        b.write(0);
        b.write(0);
        b.writeBytes(content);
        return b.toByteArray();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
