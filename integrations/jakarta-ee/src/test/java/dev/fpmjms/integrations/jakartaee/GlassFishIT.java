package dev.fpmjms.integrations.jakartaee;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.jms.FpmConnectionFactory;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;
import org.glassfish.embeddable.archive.ScatteredArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web application on GlassFish Embedded 7 (Jakarta EE 10): the container makes the connection
 * factories from {@code WEB-INF/glassfish-resources.xml} and injects them into an EJB with
 * {@code @Resource}; HTTP requests go through the EJB to PHP and back.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlassFishIT {
    private static final String LISTENER =
            "embedded-glassfish-config.server.network-config.network-listeners.network-listener.http-listener.";
    static GlassFishRuntime runtime;
    static GlassFish glassfish;
    static String app;
    static URI jobs;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void deploy() throws Exception {
        System.setProperty("fpmjms.workers", WorkerScripts.install().toString());
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        GlassFishProperties properties = new GlassFishProperties();
        properties.setPort("http-listener", port);
        properties.setProperty(LISTENER + "address", "127.0.0.1");
        properties.setPort("https-listener", 0);   // 0: disabled
        runtime = GlassFishRuntime.bootstrap();
        glassfish = runtime.newGlassFish(properties);
        glassfish.start();
        ScatteredArchive war = new ScatteredArchive("fpm-jms-app", ScatteredArchive.Type.WAR, new File("src/main/webapp"));
        war.addClassPath(new File("target/classes"));
        app = glassfish.getDeployer().deploy(war.toURI(), "--contextroot=app");
        assertNotNull(app, "the application did not deploy; see GlassFish's log above");
        jobs = URI.create("http://127.0.0.1:" + port + "/app/jobs");
    }

    @AfterAll
    static void stop() throws Exception {
        if (glassfish != null) {
            glassfish.dispose();
        }
        if (runtime != null) {
            runtime.shutdown();
        }
        System.clearProperty("fpmjms.workers");
    }

    @Test
    @Order(1)
    void theInjectedFactoryCarriesJobsToPhp() throws Exception {
        HttpResponse<String> r = post("", "hello fpm");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"reversed\":\"mpf olleh\""), r.body());
        assertTrue(r.body().contains("\"app\":\"object-factory\""), r.body());
    }

    @Test
    @Order(2)
    void theFactoryMadeTheJavaBeanWayWorksToo() throws Exception {
        HttpResponse<String> r = post("?via=bean", "abc");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"reversed\":\"cba\""), r.body());
        assertTrue(r.body().contains("\"app\":\"java-bean\""), r.body());
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(jobs).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(info.body().contains("FpmConnectionFactory[jakarta-ee-example]"), info.body());
        assertTrue(info.body().contains("FpmConnectionFactory[jakarta-ee-example-bean]"), info.body());
        assertTrue(info.body().contains("queue://jobs"), info.body());
    }

    @Test
    @Order(3)
    void undeployShutsFpmJmsDown() throws Exception {
        String workers = System.getProperty("fpmjms.workers");
        FpmConnectionFactory same = new FpmConnectionFactory("fpm://?name=jakarta-ee-example&route.jobs=embedded|"
                + workers + "/job.php&route.jobs.maxInFlight=2&route.jobs.param.APP_NAME=object-factory&embeddedFpm.maxChildren=2");
        assertTrue(EngineRegistry.shared().running(same.getConfig()).isPresent(), "the resource's engine runs");
        glassfish.getDeployer().undeploy(app);
        assertFalse(EngineRegistry.shared().running(same.getConfig()).isPresent(), "@PreDestroy shut it down");
    }

    private static HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(jobs + query)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
