package dev.fpmjms.integrations.tomcat;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web application on an embedded Tomcat with its real {@code context.xml}: HTTP requests become
 * jobs for the PHP worker, whose answers come back in the HTTP responses and whose log lines show
 * each job ran once. Stopping Tomcat shuts the factory down ({@code closeMethod="shutdown"}).
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatExampleIT {
    private static final Pattern FACTORY_URI = Pattern.compile("connection factory (fpm:\\S+), queue queue://jobs");

    @TempDir
    static Path tmp;
    static Path jobLog;
    static Tomcat tomcat;
    static URI jobs;
    static HttpClient http;

    @BeforeAll
    static void startTomcat() throws Exception {
        // Outside the private @TempDir: php-fpm's workers may run as another user.
        jobLog = Files.createTempFile("fpm-jms-tomcat-jobs-", ".log");
        Files.setPosixFilePermissions(jobLog, PosixFilePermissions.fromString("rw-rw-rw-"));
        System.setProperty(TomcatExample.WORKERS_PROPERTY, WorkerScripts.install().toString());
        System.setProperty(TomcatExample.JOB_LOG_PROPERTY, jobLog.toString());
        tomcat = TomcatExample.start(0, tmp.resolve("tomcat"), Path.of("src/main/webapp"));
        jobs = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/jobs");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopTomcat() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        System.clearProperty(TomcatExample.WORKERS_PROPERTY);
        System.clearProperty(TomcatExample.JOB_LOG_PROPERTY);
        Files.deleteIfExists(jobLog);
    }

    @Test
    @Order(1)
    void everyHttpRequestIsAJobForPhpAndGetsItsAnswer() throws Exception {
        List<String> texts = List.of("one", "two words", "three little words", "the quick brown fox jumps",
                "a b c d e f", "supercalifragilistic is long");
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (String text : texts) {
            pending.add(http.sendAsync(HttpRequest.newBuilder(jobs).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> jobIds = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            HttpResponse<String> response = pending.get(i).get();
            assertEquals(200, response.statusCode(), response.body());
            String jobId = response.headers().firstValue("X-Job-Id").orElseThrow();
            assertTrue(jobIds.add(jobId));
            String body = response.body();
            int words = texts.get(i).split(" ").length;
            assertTrue(body.contains("\"jobId\":\"" + jobId + "\""), body);
            assertTrue(body.contains("\"words\":" + words + ","), body);
            assertTrue(body.contains("\"worker\":\"PHP 8."), body);
        }
        assertTrue(pending.get(5).get().body().contains("\"longest\":\"supercalifragilistic\""));
        // The worker logs before it answers, so every line is there once the answers are.
        List<String> logged = Files.readAllLines(jobLog).stream().map(line -> line.split(" ")[0]).toList();
        assertEquals(texts.size(), logged.size(), "each job ran once: " + logged);
        assertEquals(jobIds, Set.copyOf(logged));
    }

    @Test
    @Order(2)
    void theResourceIsTheFactoryOfContextXmlAndStoppingTomcatShutsItDown() throws Exception {
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(jobs).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, info.statusCode());
        Matcher m = FACTORY_URI.matcher(info.body());
        assertTrue(m.find(), info.body());
        FpmConfig config = FpmConfigParser.parseUri(m.group(1));
        assertEquals("tomcat-example", config.name());
        assertEquals(2, config.routes().get("jobs").maxInFlight());
        assertEquals(jobLog.toString(), config.routes().get("jobs").params().get("JOB_LOG"));
        assertEquals(2, config.embeddedFpm().maxChildren());

        // A job makes sure the engine runs, then Tomcat stops: the resource's closeMethod shuts it down.
        HttpResponse<String> job = http.send(HttpRequest.newBuilder(jobs).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, job.statusCode(), job.body());
        assertTrue(EngineRegistry.shared().running(config).isPresent());
        tomcat.stop();
        tomcat.destroy();
        tomcat = null;
        assertFalse(EngineRegistry.shared().running(config).isPresent(), "closeMethod=shutdown stopped the engine and php-fpm");
    }
}
