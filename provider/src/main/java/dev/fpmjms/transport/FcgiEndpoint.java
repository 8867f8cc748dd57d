package dev.fpmjms.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a php-fpm pool listens: a unix socket or a TCP address.
 *
 * <p>Grammar of {@link #parse}: {@code unix:/abs/path}, {@code /abs/path}, {@code tcp://host:port}
 * or {@code host:port} (an IPv6 host in brackets, {@code [::1]:9000}). {@link #toString()} gives
 * the canonical form, {@code unix:/abs/path} or {@code tcp://host:port}. Immutable.
 */
public sealed interface FcgiEndpoint permits FcgiEndpoint.Unix, FcgiEndpoint.Tcp {

    /** A unix domain socket at an absolute path. */
    static FcgiEndpoint unix(Path path) {
        return new Unix(path);
    }

    /** A TCP address; the host is resolved on every connect. */
    static FcgiEndpoint tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /**
     * Parses an endpoint string.
     *
     * @throws IllegalArgumentException naming the input and the accepted forms
     */
    static FcgiEndpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        if (text.startsWith("unix:")) {
            String path = text.substring(5);
            if (!path.startsWith("/") || path.length() < 2) {
                throw invalid(text);
            }
            return unix(Path.of(path));
        }
        if (text.startsWith("/")) {
            return unix(Path.of(text));
        }
        String hostPort = text.startsWith("tcp://") ? text.substring(6) : text;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw invalid(text);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("/")) {
            throw invalid(text);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw invalid(text);
        }
        return tcp(host, port);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid FastCGI endpoint '" + text
                + "': expected unix:/abs/path, /abs/path, tcp://host:port or host:port (port 1 to 65535)");
    }

    /** The address to connect to (resolves a TCP host name). */
    SocketAddress socketAddress();

    /** Opens an unconnected, non-blocking channel of the right family; the caller owns it. */
    SocketChannel openChannel() throws IOException;

    private static SocketChannel nonBlocking(SocketChannel ch) throws IOException {
        try {
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** A unix domain socket endpoint. */
    record Unix(Path path) implements FcgiEndpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("unix socket path of a FastCGI endpoint must be absolute, was: " + path);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public SocketChannel openChannel() throws IOException {
            return nonBlocking(SocketChannel.open(StandardProtocolFamily.UNIX));
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** A TCP endpoint. */
    record Tcp(String host, int port) implements FcgiEndpoint {
        public Tcp {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host of a FastCGI TCP endpoint must be non-blank, was: " + host);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of a FastCGI TCP endpoint must be 1 to 65535, was: " + port);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public SocketChannel openChannel() throws IOException {
            // The default family is dual-stack where IPv6 is available: IPv4 and IPv6 hosts both work.
            SocketChannel ch = nonBlocking(SocketChannel.open());
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // a request is one gathering write
            return ch;
        }

        @Override
        public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
