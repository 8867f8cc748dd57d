package dev.fpmjms.transport;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiLimitException;
import dev.fpmjms.fastcgi.FcgiProtocolException;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.testing.Await;
import dev.fpmjms.transport.FcgiTransportException.Failure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The FastCGI client against a real php-fpm (4 children, one per test class); subclasses pick
 * the socket kind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class FcgiClientContract {

    static final EmbeddedFpmSettings FPM = new EmbeddedFpmSettings(4, 0,
            Map.of("post_max_size", "32M", "memory_limit", "256M"), null);

    EmbeddedPhpFpm fpm;
    FcgiEndpoint endpoint;
    private final List<FcgiClient> clients = new ArrayList<>();

    abstract EmbeddedPhpFpm.Listen listen();

    @BeforeAll
    void startFpm() throws IOException {
        // The embedded default drops worker output to fd 2; the stderr test needs it caught.
        fpm = new EmbeddedPhpFpm(FPM, listen(), Map.of("catch_workers_output", "yes")).start();
        for (String s : List.of("inspect", "big_reply", "stderr", "fatal", "sleep", "concurrency")) {
            try (InputStream in = FcgiClientContract.class.getResourceAsStream("/php/" + s + ".php")) {
                fpm.installScript(s + ".php", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        endpoint = FcgiEndpoint.parse(fpm.endpointString());
    }

    /** Kept connections pin php-fpm children: a test that left its client open would starve the next. */
    @AfterEach
    void closeClients() {
        clients.forEach(FcgiClient::close);
        clients.clear();
    }

    @AfterAll
    void stopFpm() {
        if (fpm != null) {
            fpm.close();
        }
    }

    FcgiClient client(FcgiClientSettings settings) {
        FcgiClient c = new FcgiClient(endpoint, settings);
        clients.add(c);
        return c;
    }

    FcgiClient client() {
        return client(FcgiClientSettings.builder().readTimeout(Duration.ofSeconds(20)).build());
    }

    Map<String, String> params(String script, int contentLength) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("SCRIPT_FILENAME", fpm.scriptDirectory().resolve(script).toString());
        p.put("SCRIPT_NAME", "/" + script);
        p.put("REQUEST_URI", "/" + script);
        p.put("REQUEST_METHOD", "POST");
        p.put("GATEWAY_INTERFACE", "CGI/1.1");
        p.put("SERVER_PROTOCOL", "HTTP/1.1");
        p.put("CONTENT_TYPE", "application/octet-stream");
        p.put("CONTENT_LENGTH", Integer.toString(contentLength));
        return p;
    }

    static CgiResponse cgi(FcgiResponse r) throws FcgiProtocolException {
        return CgiResponseParser.parse(r.stdout(), 64 * 1024);
    }

    static FcgiResponse get(CompletableFuture<FcgiResponse> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static FcgiTransportException failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(FcgiTransportException.class, e.getCause());
    }

    static String text(CgiResponse c) {
        return new String(c.body(), StandardCharsets.UTF_8);
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String json(String body, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"?([^,\"}]*)").matcher(body);
        if (!m.find()) {
            fail("no " + field + " in " + body);
        }
        return m.group(1);
    }

    @Test
    void bigBodyAndBigParamsArriveIntact() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(body);
        // php-fpm parses each PARAMS record on its own, so one pair must fit a record (64 KiB);
        // 100 KiB of params in two pairs exercises the split of the params block across records.
        String big = "p".repeat(50 * 1024) + "q".repeat(50 * 1024);
        Map<String, String> p = params("inspect.php", body.length);
        p.put("X_BIG1", big.substring(0, 50 * 1024));
        p.put("X_BIG2", big.substring(50 * 1024));
        p.put("X_UNICODE", "h\u00e9llo");
        FcgiResponse r = get(client().execute(p, body));
        CgiResponse c = cgi(r);
        String json = text(c);
        assertEquals(200, c.status(), json + " / " + new String(r.stderr(), StandardCharsets.UTF_8));
        assertEquals(Integer.toString(body.length), json(json, "bodyLength"));
        assertEquals(md5(body), json(json, "bodyMd5"));
        assertEquals(Integer.toString(big.length()), json(json, "bigLength"));
        assertEquals(md5(big.getBytes(StandardCharsets.UTF_8)), json(json, "bigMd5"));
        assertEquals("h\\u00e9llo", json(json, "unicode"));
    }

    @Test
    void bigReplyArrivesIntact() throws Exception {
        int n = 10 * 1024 * 1024 + 7;
        Map<String, String> p = params("big_reply.php", 0);
        p.put("REPLY_BYTES", Integer.toString(n));
        CgiResponse c = cgi(get(client().execute(p, new byte[0])));
        assertEquals(200, c.status());
        assertEquals(n, c.bodyLength());
        byte[] expected = new byte[n];
        byte[] block = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            expected[i] = block[i % 16];
        }
        assertArrayEquals(expected, c.body());
    }

    @Test
    void stderrIsCaptured() throws Exception {
        Map<String, String> p = params("stderr.php", 0);
        p.put("X_MARK", "m-1");
        FcgiResponse r = get(client().execute(p, new byte[0]));
        assertEquals("ok", text(cgi(r)));
        String stderr = new String(r.stderr(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("fpmjms-stderr-marker m-1"), "stderr: " + stderr);
        assertFalse(r.stderrTruncated());
        // php://stderr is not FastCGI STDERR: php-fpm's log catches it (catch_workers_output).
        assertFalse(stderr.contains("fpmjms-fd2-marker"), "stderr: " + stderr);
        Await.until("php://stderr output reached " + fpm.errorLog(), Duration.ofSeconds(30),
                () -> Files.readString(fpm.errorLog()).contains("fpmjms-fd2-marker m-1"));
    }

    @Test
    void missingScriptIs404PrimaryScriptUnknown() throws Exception {
        FcgiResponse r = get(client().execute(params("no-such-script.php", 0), new byte[0]));
        assertEquals(404, cgi(r).status());
        assertTrue(new String(r.stderr(), StandardCharsets.UTF_8).contains("Primary script unknown"),
                new String(r.stderr(), StandardCharsets.UTF_8));
    }

    @Test
    void fatalErrorIs500() throws Exception {
        FcgiResponse r = get(client().execute(params("fatal.php", 0), new byte[0]));
        assertEquals(500, cgi(r).status(), new String(r.stdout(), StandardCharsets.UTF_8));
        String stderr = new String(r.stderr(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("Call to undefined function fpmjms_no_such_function()"), stderr);
    }

    @Test
    void workerPastTheReadTimeoutTimesOut() throws Exception {
        FcgiClient c = client(FcgiClientSettings.builder().readTimeout(Duration.ofMillis(300)).build());
        Map<String, String> p = params("sleep.php", 0);
        // The worker answers long after the timeout: a TIMED_OUT failure (not its reply) shows the
        // timeout fired first, whatever the machine's speed.
        p.put("SLEEP_MS", "4000");
        FcgiTransportException e = failure(c.execute(p, new byte[0]));
        assertEquals(Failure.TIMED_OUT, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains(endpoint.toString()), e.getMessage());
        assertEquals(0, c.inFlight());
    }

    @Test
    void stoppedFpmIsNotDelivered() throws Exception {
        FcgiEndpoint gone;
        try (EmbeddedPhpFpm other = new EmbeddedPhpFpm(new EmbeddedFpmSettings(1, 0, Map.of(), null), listen(), Map.of())) {
            other.start();
            gone = FcgiEndpoint.parse(other.endpointString());
        }
        try (FcgiClient c = new FcgiClient(gone, FcgiClientSettings.builder().build())) {
            FcgiTransportException e = failure(c.execute(params("inspect.php", 0), new byte[0]));
            assertEquals(Failure.NOT_DELIVERED, e.failure(), e.getMessage());
            assertTrue(e.getMessage().contains(gone.toString()), e.getMessage());
            assertInstanceOf(IOException.class, e.getCause());
            FcgiTransportException ping = failure(c.getValues(List.of("FCGI_MAX_CONNS")));
            assertEquals(Failure.NOT_DELIVERED, ping.failure());
        }
    }

    @Test
    void manyConcurrentRequestsRespectTheInFlightBound() throws Exception {
        // 3 in flight against 4 children: were the client not bounding, php-fpm would run 4 at once.
        Path counter = Files.createTempFile("fpmjms-counter", ".txt");
        // Workers may run as another user than the JVM (nobody when it is root).
        Files.setPosixFilePermissions(counter, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            FcgiClient c = client(FcgiClientSettings.builder().maxInFlight(3).readTimeout(Duration.ofSeconds(20)).build());
            Map<String, String> p = params("concurrency.php", 0);
            p.put("COUNTER_FILE", counter.toString());
            List<CompletableFuture<FcgiResponse>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(c.execute(p, new byte[0]));
            }
            int maxSeen = 0;
            for (CompletableFuture<FcgiResponse> f : all) {
                CgiResponse r = cgi(get(f));
                assertEquals(200, r.status());
                maxSeen = Math.max(maxSeen, Integer.parseInt(text(r).trim()));
            }
            assertTrue(maxSeen <= 3, "php-fpm saw " + maxSeen + " requests at once");
            assertTrue(maxSeen >= 2, "requests never overlapped: " + maxSeen);
            assertTrue(c.peakInFlight() <= 3, "client peak in flight " + c.peakInFlight());
            assertEquals(0, c.inFlight());
        } finally {
            Files.deleteIfExists(counter);
        }
    }

    @Test
    void getValuesAnswers() throws Exception {
        Map<String, String> v = client().getValues(List.of("FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS"))
                .get(10, TimeUnit.SECONDS);
        assertEquals("0", v.get("FCGI_MPXS_CONNS"), v.toString());
    }

    @Test
    void keepAliveReusesOneConnection() throws Exception {
        // No probe (while one waits no connection is kept) and no linger out between the requests.
        FcgiClient c = client(FcgiClientSettings.builder().keepAlive(true).maxInFlight(1)
                .saturationWait(Duration.ZERO).idleLinger(Duration.ofSeconds(30)).build());
        List<String> pids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CgiResponse r = cgi(get(c.execute(params("inspect.php", 0), new byte[0])));
            pids.add(json(text(r), "pid"));
        }
        // A kept connection stays with the child that accepted it.
        assertEquals(1, pids.stream().distinct().count(), pids.toString());
    }

    @Test
    void withoutKeepAliveEveryRequestWorks() throws Exception {
        FcgiClient c = client(FcgiClientSettings.builder().keepAlive(false).maxInFlight(2).build());
        List<CompletableFuture<FcgiResponse>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(c.execute(params("inspect.php", 3), new byte[] {1, 2, 3}));
        }
        for (CompletableFuture<FcgiResponse> f : all) {
            assertEquals("3", json(text(cgi(get(f))), "bodyLength"));
        }
    }

    @Test
    void replyOverTheLimitIsTooLarge() throws Exception {
        FcgiClient c = client(FcgiClientSettings.builder().maxStdoutBytes(64 * 1024).build());
        Map<String, String> p = params("big_reply.php", 0);
        p.put("REPLY_BYTES", Integer.toString(8 * 1024 * 1024));
        FcgiTransportException e = failure(c.execute(p, new byte[0]));
        assertEquals(Failure.REPLY_TOO_LARGE, e.failure(), e.getMessage());
        assertInstanceOf(FcgiLimitException.class, e.getCause());
        // The client is still usable.
        assertEquals(200, cgi(get(c.execute(params("inspect.php", 0), new byte[0]))).status());
    }
}
