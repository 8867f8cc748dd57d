package dev.fpmjms.bench;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.transport.FcgiEndpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The php-fpm pool every scenario talks to: the project's embedded php-fpm (static pool, unix
 * socket) with a plain echo script installed next to the shipped workers.
 *
 * <p>The plain echo ({@value #RAW_ECHO_NAME}) returns the request body as is: it is what a PHP
 * endpoint behind nginx would do and the floor for the raw FastCGI and HTTP scenarios. The
 * fpm-jms scenarios use the shipped {@code echo.php}, which also decodes and re-encodes the
 * message's headers and typed properties.
 *
 * <p>A pool is started per scenario so that connections a previous scenario kept alive (each
 * pins a child) cannot starve the next one. Not thread-safe; {@link #close()} is idempotent.
 */
final class EchoPool implements AutoCloseable {

    static final String RAW_ECHO_NAME = "bench_echo.php";
    static final String RAW_ECHO = """
            <?php
            header('Content-Type: application/octet-stream');
            echo file_get_contents('php://input');
            """;

    private final EmbeddedPhpFpm fpm;
    private final long pid;
    private final Path rawEcho;

    private EchoPool(EmbeddedPhpFpm fpm) {
        this.fpm = fpm;
        this.pid = fpm.pid();
        CpuMeter.watchPool(pid);
        this.rawEcho = fpm.installScript(RAW_ECHO_NAME, RAW_ECHO);
    }

    /** Starts a static pool of {@code children}; blocks until php-fpm answers (at most ~10 s). */
    static EchoPool start(int children) {
        return start(children, Map.of());
    }

    /** As {@link #start(int)}, with extra php.ini settings ({@code embeddedFpm.phpIni}). */
    static EchoPool start(int children, Map<String, String> phpIni) {
        EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(children, 0, phpIni, null));
        fpm.start();
        try {
            return new EchoPool(fpm);
        } catch (RuntimeException e) {
            fpm.close();
            throw e;
        }
    }

    /** The pool's socket address, for a client of its own ({@link BareFcgiConnection}). */
    java.net.SocketAddress socketAddress() {
        return java.net.UnixDomainSocketAddress.of(socketPath());
    }

    FcgiEndpoint endpoint() {
        return fpm.endpoint();
    }

    /** {@code unix:/path}, the route endpoint grammar. */
    String endpointString() {
        return fpm.endpointString();
    }

    /** The socket path, for nginx's {@code fastcgi_pass unix:...}. */
    Path socketPath() {
        return Path.of(fpm.endpointString().substring("unix:".length()));
    }

    Path rawEchoScript() {
        return rawEcho;
    }

    /** The shipped {@code echo.php} worker (absolute path). */
    Path builtinEcho() {
        return fpm.builtinScript("echo");
    }

    /** CGI params of a POST of {@code length} bytes to the plain echo script, as nginx would send them. */
    Map<String, String> rawEchoParams(int length) {
        return rawEchoParams(rawEcho, length);
    }

    /** The params nginx would send for a POST of {@code length} bytes to the plain echo at {@code script}. */
    static Map<String, String> rawEchoParams(Path script, int length) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("GATEWAY_INTERFACE", "CGI/1.1");
        p.put("SERVER_PROTOCOL", "HTTP/1.1");
        p.put("REQUEST_METHOD", "POST");
        p.put("SCRIPT_FILENAME", script.toString());
        p.put("SCRIPT_NAME", "/" + RAW_ECHO_NAME);
        p.put("REQUEST_URI", "/" + RAW_ECHO_NAME);
        p.put("QUERY_STRING", "");
        p.put("CONTENT_TYPE", "application/octet-stream");
        p.put("CONTENT_LENGTH", Integer.toString(length));
        p.put("REMOTE_ADDR", "127.0.0.1");
        p.put("SERVER_NAME", "localhost");
        return p;
    }

    @Override
    public void close() {
        CpuMeter.unwatchPool(pid);
        fpm.close();
    }
}
