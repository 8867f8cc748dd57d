package dev.fpmjms.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a PHP worker under the PHP CLI through {@code cli-runner.php}, as php-fpm would run it, and
 * splits its CGI output into status, headers and body. Test support; one process per call.
 */
final class PhpCli {

    /** A parsed CGI response. */
    record Response(int status, Map<String, String> headers, byte[] body, String stderr) {
    }

    private PhpCli() {
    }

    static Path phpDir() {
        return resource(WireRequestEncoder.class, "/dev/fpmjms/php/echo.php").getParent();
    }

    static Path testScript(String name) {
        return resource(PhpCli.class, name);
    }

    private static Path resource(Class<?> anchor, String name) {
        try {
            return Paths.get(anchor.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code script} with the request's params and body; waits at most 20 s. */
    static Response run(Path script, WireRequest request) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fpmjms-cli");
        try {
            Path params = dir.resolve("params.json");
            Path stderr = dir.resolve("stderr.txt");
            Files.writeString(params, toJson(request.params()), StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder("php", testScript("cli-runner.php").toString(), params.toString(), script.toString());
            pb.environment().put("FPMJMS_PHP_DIR", phpDir().toString());
            pb.redirectError(stderr.toFile());
            Process p = pb.start();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(request.body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] out;
            try (InputStream stdout = p.getInputStream()) {
                out = stdout.readAllBytes();
            }
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("php did not finish in 20 s");
            }
            writer.join();
            return parse(out, Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Splits a CGI response at the first blank line; the head is ISO-8859-1 (it is ASCII here). */
    static Response parse(byte[] out, String stderr) {
        int headEnd = -1;
        int bodyStart = -1;
        for (int i = 0; i < out.length - 1; i++) {
            if (out[i] == '\n' && out[i + 1] == '\n') {
                headEnd = i;
                bodyStart = i + 2;
                break;
            }
            if (i < out.length - 3 && out[i] == '\r' && out[i + 1] == '\n' && out[i + 2] == '\r' && out[i + 3] == '\n') {
                headEnd = i;
                bodyStart = i + 4;
                break;
            }
        }
        if (headEnd < 0) {
            throw new AssertionError("no CGI head in output: " + new String(out, StandardCharsets.ISO_8859_1) + "\nstderr: " + stderr);
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int status = 200;
        for (String line : new String(out, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                headers.put(name, value);
            }
        }
        return new Response(status, headers, Arrays.copyOfRange(out, bodyStart, out.length), stderr);
    }

    private static String toJson(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        sb.append('{');
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            TypedJson.appendString(sb, e.getKey());
            sb.append(':');
            TypedJson.appendString(sb, e.getValue());
        }
        return sb.append('}').toString();
    }
}
