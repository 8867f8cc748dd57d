package dev.fpmjms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jndi.FpmInitialContextFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.naming.Context;
import javax.naming.InitialContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FpmConfigParserTest {

    private static final String MAIL = "unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php";

    /** A configuration in which every setting differs from its default. */
    static FpmConfig everything() {
        return FpmConfig.builder()
                .name("orders service")
                .route(FpmRoute.builder("mail")
                        .endpoints(List.of("unix:/run/php/php8.2-fpm.sock", "/run/php/other.sock", "tcp://10.0.0.7:9000", "php:9001"))
                        .script("/srv/app/mail.php")
                        .maxInFlight(8)
                        .connectTimeout(Duration.ofMillis(1500))
                        .readTimeout(Duration.ofMinutes(2))
                        .keepAlive(false)
                        .idleLinger(Duration.ofMillis(250))
                        .saturationWait(Duration.ZERO)
                        .statusPath("/status")
                        .param("APP_ENV", "prod")
                        .param("HTTP_X_TAG", "a&b=c d%")
                        .replyPolicy(ReplyPolicy.DISCARD)
                        .failureReplies(false)
                        .retryPolicy(new RetryPolicy(9, Duration.ofMillis(250), Duration.ofHours(1), 1.5, 0.05, true))
                        .maxReplyBytes(64 * 1024)
                        .wireProtocol(1)
                        .replyOrder(ReplyOrder.COMPLETION)
                        .build())
                .route(FpmRoute.builder("*").endpoint("embedded").script("builtin:echo").maxInFlight(2).build())
                .localQueue("replies")
                .localQueue("audit")
                .embeddedFpm(new EmbeddedFpmSettings(2, 120, Map.of("memory_limit", "256M", "opcache.enable", "0"), "/usr/sbin/php-fpm8.2"))
                .deadLetterQueue("dead")
                .maxQueueMessages(5000)
                .maxQueueBytes(16L * 1024 * 1024)
                .fullQueuePolicy(FullQueuePolicy.FAIL)
                .sendTimeout(Duration.ofSeconds(5))
                .objectMessageAllowList(List.of("java.util", "com.example.Order"))
                .dataDirectory(Path.of("/var/lib/fpm-jms"))
                .fsyncPolicy(FsyncPolicy.batch(Duration.ofMillis(25)))
                .listenerBatchWindow(Duration.ofNanos(500_000))
                .build();
    }

    @Test
    void everyKeyIsReadFromAUri() {
        String uri = "fpm://?name=orders%20service"
                + "&route.mail=unix:/run/php/php8.2-fpm.sock,/run/php/other.sock,tcp://10.0.0.7:9000,php:9001|/srv/app/mail.php"
                + "&route.mail.maxInFlight=8&route.mail.connectTimeout=1500&route.mail.readTimeout=2m"
                + "&route.mail.keepAlive=false&route.mail.idleLinger=250ms&route.mail.saturationWait=0"
                + "&route.mail.statusPath=/status"
                + "&route.mail.param.APP_ENV=prod&route.mail.param.HTTP_X_TAG=a%26b%3Dc%20d%25"
                + "&route.mail.replyPolicy=discard&route.mail.failureReplies=false&route.mail.maxReplyBytes=64KiB&route.mail.wireProtocol=1"
                + "&route.mail.replyOrder=completion"
                + "&route.mail.retry.maxAttempts=9&route.mail.retry.initialBackoff=250ms&route.mail.retry.maxBackoff=1h"
                + "&route.mail.retry.multiplier=1.5&route.mail.retry.jitter=0.05&route.mail.retry.clientErrors=true"
                + "&route.*=embedded|builtin:echo&route.*.maxInFlight=2"
                + "&localQueues=replies&localQueues=audit"
                + "&embeddedFpm.maxChildren=2&embeddedFpm.requestTerminateTimeout=2m"
                + "&embeddedFpm.phpIni.memory_limit=256M&embeddedFpm.phpIni.opcache.enable=0"
                + "&embeddedFpm.binary=/usr/sbin/php-fpm8.2"
                + "&deadLetterQueue=dead&maxQueueMessages=5000&maxQueueBytes=16MiB&fullQueuePolicy=FAIL"
                + "&sendTimeout=5s&objectMessageAllowList=java.util,com.example.Order&dataDirectory=/var/lib/fpm-jms"
                + "&fsyncPolicy=BATCH_MS:25&listenerBatchWindow=500us";
        assertEquals(everything(), FpmConfigParser.parseUri(uri));
    }

    @Test
    void canonicalUriIsStableAndReadsBack() {
        String uri = FpmConfigParser.toUri(everything());
        assertEquals("fpm://?route.mail=unix:/run/php/php8.2-fpm.sock,/run/php/other.sock,tcp://10.0.0.7:9000,php:9001|/srv/app/mail.php"
                + "&route.mail.maxInFlight=8&route.mail.connectTimeout=1500ms&route.mail.readTimeout=2m"
                + "&route.mail.keepAlive=false&route.mail.idleLinger=250ms&route.mail.saturationWait=0"
                + "&route.mail.statusPath=/status&route.mail.replyPolicy=discard&route.mail.failureReplies=false&route.mail.maxReplyBytes=64KiB"
                + "&route.mail.replyOrder=completion&route.mail.wireProtocol=1&route.mail.retry.maxAttempts=9&route.mail.retry.initialBackoff=250ms&route.mail.retry.maxBackoff=1h"
                + "&route.mail.retry.multiplier=1.5&route.mail.retry.jitter=0.05&route.mail.retry.clientErrors=true"
                + "&route.mail.param.APP_ENV=prod&route.mail.param.HTTP_X_TAG=a%26b%3Dc%20d%25"
                + "&route.*=embedded|builtin:echo&route.*.maxInFlight=2"
                + "&name=orders%20service&deadLetterQueue=dead&localQueues=replies,audit&maxQueueMessages=5000"
                + "&maxQueueBytes=16MiB&fullQueuePolicy=fail&sendTimeout=5s&objectMessageAllowList=java.util,com.example.Order"
                + "&dataDirectory=/var/lib/fpm-jms&fsyncPolicy=batch_ms:25&listenerBatchWindow=500us&embeddedFpm.maxChildren=2&embeddedFpm.requestTerminateTimeout=2m"
                + "&embeddedFpm.binary=/usr/sbin/php-fpm8.2&embeddedFpm.phpIni.memory_limit=256M&embeddedFpm.phpIni.opcache.enable=0",
                uri);
        assertEquals(everything(), FpmConfigParser.parseUri(uri));
    }

    @Test
    void defaultsWriteAsTheBareSchemeAndReadBack() {
        FpmConfig defaults = FpmConfig.builder().build();
        assertEquals("fpm://", FpmConfigParser.toUri(defaults));
        assertEquals(defaults, FpmConfigParser.parseUri("fpm://"));
        assertEquals(defaults, FpmConfigParser.parseUri("fpm:"));
        assertEquals(defaults, FpmConfigParser.parseUri("FPM:?"));
    }

    @Test
    void awkwardValuesRoundTrip() {
        List<FpmConfig> configs = List.of(
                // queue names whose dots collide with option names, a pipe in the script, sub-millisecond timeouts
                FpmConfig.builder()
                        .route(FpmRoute.builder("jobs.script").endpoint("/run/a.sock").script("/srv/a|b.php").build())
                        .route(FpmRoute.builder("x.param.y").endpoint("embedded").script("builtin:echo")
                                .param("EMPTY_VALUE", "").readTimeout(Duration.ofNanos(1_500)).build())
                        .route(FpmRoute.builder("a.retry.maxAttempts").endpoint("h:1").script("/s.php")
                                .connectTimeout(Duration.ofMillis(1).plusNanos(1)).build())
                        .route(FpmRoute.builder("orders.new").endpoint("h:1").script("/s.php").maxInFlight(2).build())
                        .route(FpmRoute.builder("ünï cöde&=%").endpoint("h:1").script("/s.php").build())
                        .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                        .build(),
                // embedded php-fpm switched on although no route uses it
                FpmConfig.builder().embeddedFpm(EmbeddedFpmSettings.DEFAULT).build(),
                // an empty allow-list, zero send timeout, odd sizes
                FpmConfig.builder().objectMessageAllowList(List.of()).sendTimeout(Duration.ZERO).maxQueueBytes(1025).build());
        for (FpmConfig c : configs) {
            String uri = FpmConfigParser.toUri(c);
            assertEquals(c, FpmConfigParser.parseUri(uri), uri);
        }
        String uri = FpmConfigParser.toUri(configs.get(0));
        assertTrue(uri.contains("route.jobs%2Escript.endpoints=/run/a.sock&route.jobs%2Escript.script=/srv/a|b.php"), uri);
        assertTrue(uri.contains("route.orders.new.maxInFlight=2"), uri);
        assertTrue(uri.contains("route.x%2Eparam%2Ey.readTimeout=1500ns"), uri);
        assertTrue(uri.contains("route.x%2Eparam%2Ey.param.EMPTY_VALUE=&"), uri);
        assertEquals("fpm://?embeddedFpm=true", FpmConfigParser.toUri(configs.get(1)));
    }

    @Test
    void embeddedPresetAddsTheDefaultRouteAndSettingsApplyOnTop() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:embedded?embeddedFpm.maxChildren=4&route.*.maxInFlight=3");
        FpmRoute any = c.defaultRoute();
        assertEquals(List.of("embedded"), any.endpoints());
        assertEquals("builtin:echo", any.script());
        assertEquals(3, any.maxInFlight());
        assertEquals(4, c.embeddedFpm().maxChildren());
        assertEquals(c, FpmConfigParser.parseUri("fpm://embedded/?embeddedFpm.maxChildren=4&route.*.maxInFlight=3"));
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)));
    }

    @Test
    void anEmbeddedRouteSwitchesOnTheEmbeddedFpm() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:?route.x=embedded|/srv/x.php");
        assertEquals(EmbeddedFpmSettings.DEFAULT, c.embeddedFpm());
        FpmConfig none = FpmConfigParser.parseUri("fpm:?route.x=h:9000|/srv/x.php");
        assertNull(none.embeddedFpm());
    }

    @ParameterizedTest
    @CsvSource({"0, PT0S", "250, PT0.25S", "500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H", "1d, PT24H",
            "10us, PT0.00001S", "5ns, PT0.000000005S", "'30 s', PT30S"})
    void durationForms(String value, String iso) {
        FpmConfig c = FpmConfigParser.fromMap(Map.of("sendTimeout", value));
        assertEquals(Duration.parse(iso), c.sendTimeout());
    }

    @ParameterizedTest
    @CsvSource({"2048, 2048", "2048B, 2048", "64KiB, 65536", "64kib, 65536", "16MiB, 16777216", "1GiB, 1073741824",
            "1TiB, 1099511627776"})
    void sizeForms(String value, long bytes) {
        assertEquals(bytes, FpmConfigParser.fromMap(Map.of("maxQueueBytes", value)).maxQueueBytes());
    }

    @Test
    void booleanAndEnumFormsIgnoreCase() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:?route.a=h:1|/a.php&route.a.keepAlive=FALSE"
                + "&route.a.replyPolicy=Discard&fullQueuePolicy=fail");
        assertEquals(false, c.routes().get("a").keepAlive());
        assertEquals(ReplyPolicy.DISCARD, c.routes().get("a").replyPolicy());
        assertEquals(FullQueuePolicy.FAIL, c.fullQueuePolicy());
    }

    @Test
    void propertiesUseTheSameKeysBareOrPrefixed() {
        Properties p = new Properties();
        p.setProperty("route.mail", MAIL);
        p.setProperty("fpmjms.route.mail.maxInFlight", "8");
        p.setProperty("fpmjms.route.*", "embedded|builtin:echo");
        p.setProperty("deadLetterQueue", "DLQ2");
        p.setProperty("maxQueueMessages", "100000");
        FpmConfig c = FpmConfigParser.fromProperties(p);
        assertEquals(FpmConfigParser.parseUri("fpm://?route.mail=" + MAIL
                + "&route.mail.maxInFlight=8&route.*=embedded|builtin:echo&deadLetterQueue=DLQ2&maxQueueMessages=100000"), c);
    }

    @Test
    void propertiesWithAPrefixIgnoreOtherKeys() {
        Properties p = new Properties();
        p.setProperty("app.fpm.uri", "fpm:embedded");
        p.setProperty("app.fpm.maxQueueMessages", "7");
        p.setProperty("server.port", "8080");
        FpmConfig c = FpmConfigParser.fromProperties(p, "app.fpm.");
        assertEquals(FpmConfigParser.parseUri("fpm:embedded?maxQueueMessages=7"), c);
    }

    @Test
    void settingsStringAppliesOnTopOfAUri() {
        FpmConfig.Builder b = FpmConfig.builder();
        FpmConfigParser.applySettings(b, " uri = fpm:embedded ;\n route.mail=" + MAIL + ";route.mail.param.X=a%3Bb;\n"
                + "maxQueueMessages = 12 ;");
        FpmConfig c = b.build();
        assertEquals(12, c.maxQueueMessages());
        assertEquals("a;b", c.routes().get("mail").params().get("X"));
        assertEquals("builtin:echo", c.defaultRoute().script());
    }

    @Test
    void applyReplacesOneSettingAndStartsNewRoutesFromDefaults() {
        FpmConfig.Builder b = FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL + "&localQueues=a,b").toBuilder();
        FpmConfigParser.apply(b, "route.mail.maxInFlight", "2");
        FpmConfigParser.apply(b, "route.mail.maxInFlight", "3");
        FpmConfigParser.apply(b, "localQueues", "c");
        FpmConfigParser.apply(b, "route.other.readTimeout", "1s");
        FpmConfig c = b.build();
        assertEquals(3, c.routes().get("mail").maxInFlight());
        assertEquals("/srv/app/mail.php", c.routes().get("mail").script());
        assertEquals(Set.of("c"), c.localQueues());
        assertEquals(FpmRoute.builder("other").readTimeout(Duration.ofSeconds(1)).build(), c.routes().get("other"));
        assertEquals(EmbeddedFpmSettings.DEFAULT, c.embeddedFpm());
    }

    @Test
    void repeatedListKeysJoinAndRouteTargetJoinsEndpoints() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:?route.m=/a.sock|/m.php&route.m.endpoints=/b.sock"
                + "&objectMessageAllowList=java.util&objectMessageAllowList=com.example");
        assertEquals(List.of("/a.sock", "/b.sock"), c.routes().get("m").endpoints());
        assertEquals(List.of("java.util", "com.example"), c.objectMessageAllowList());
    }

    // ---- errors ----

    private static String error(String uri) {
        return assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.parseUri(uri)).getMessage();
    }

    @Test
    void replyOrderNamesTheChoices() {
        String message = error("fpm:?route.a=h:1|/a.php&route.a.replyOrder=sideways");
        assertTrue(message.contains("route.a.replyOrder") && message.contains("sideways")
                && message.contains("one of producer, completion"), message);
        assertEquals(ReplyOrder.PRODUCER, FpmRoute.builder("a").build().replyOrder());
    }

    @Test
    void unknownKeyNamesTheKeyAndTheClosestValidOnes() {
        String m = error("fpm:?maxQueueMessage=5");
        assertTrue(m.startsWith("Unknown fpm-jms key 'maxQueueMessage'; did you mean maxQueueMessages"), m);
        assertTrue(m.contains("Valid keys: name, deadLetterQueue,"), m);
        assertTrue(m.contains("route.<queue>.retry.maxAttempts"), m);
        m = error("fpm:embedded?children=4");
        assertTrue(m.startsWith("Unknown fpm-jms key 'children'; did you mean embeddedFpm.maxChildren?"), m);
        m = error("fpm:?embeddedFpm.maxchildren=4");
        assertTrue(m.startsWith("Unknown fpm-jms key 'embeddedFpm.maxchildren'; did you mean embeddedFpm.maxChildren or"), m);
    }

    @Test
    void mistypedRouteOptionIsSuggested() {
        String m = error("fpm:?route.mail=" + MAIL + "&route.mail.maxInflight=8");
        assertEquals("fpm-jms key 'route.mail.maxInflight' must be ENDPOINTS|SCRIPT (e.g. unix:/run/php/php8.2-fpm.sock"
                + "|/srv/app/worker.php), was: '8': the script is missing; did you mean the option route.mail.maxInFlight?", m);
        m = error("fpm:?route.mail=" + MAIL + "&route.mail.retry.maxAttempt=8");
        assertTrue(m.endsWith("did you mean the option route.mail.retry.maxAttempts?"), m);
    }

    @Test
    void objectMessageLimitsAreReadWrittenAndChecked() {
        assertEquals(ObjectMessageLimits.DEFAULT, FpmConfigParser.fromMap(Map.of()).objectMessageLimits());
        FpmConfig c = FpmConfigParser.parseUri("fpm:?objectMessageMaxDepth=8&objectMessageMaxReferences=5000"
                + "&objectMessageMaxArrayLength=1000&objectMessageMaxBytes=1MiB");
        assertEquals(new ObjectMessageLimits(8, 5000, 1000, 1024 * 1024), c.objectMessageLimits());
        String uri = FpmConfigParser.toUri(c);
        assertEquals("fpm://?objectMessageMaxDepth=8&objectMessageMaxReferences=5000&objectMessageMaxArrayLength=1000"
                + "&objectMessageMaxBytes=1MiB", uri);
        assertEquals(c, FpmConfigParser.parseUri(uri));
        assertEquals(new ObjectMessageLimits(3, 1_000_000, 16 * 1024 * 1024, 64L * 1024 * 1024),
                FpmConfigParser.fromMap(Map.of("objectMessageMaxDepth", "3")).objectMessageLimits(), "the others keep their defaults");
        String m = error("fpm:?objectMessageMaxDepth=0");
        assertTrue(m.contains("objectMessageMaxDepth") && m.contains("1 to 10000"), m);
        m = error("fpm:?objectMessageMaxBytes=lots");
        assertTrue(m.contains("'objectMessageMaxBytes' must be a size"), m);
        m = error("fpm:?objectMessageMaxArrayLength=3000000000");
        assertTrue(m.contains("objectMessageMaxArrayLength") && m.contains("2147483647"), m);
    }

    @Test
    void maxMessageBytesIsReadWrittenAndChecked() {
        assertEquals(FpmConfig.DEFAULT_MAX_MESSAGE_BYTES, FpmConfigParser.fromMap(Map.of()).maxMessageBytes());
        FpmConfig c = FpmConfigParser.parseUri("fpm:?maxMessageBytes=1MiB");
        assertEquals(1024 * 1024, c.maxMessageBytes());
        assertEquals("fpm://?maxMessageBytes=1MiB", FpmConfigParser.toUri(c));
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)));
        assertEquals(2048, FpmConfigParser.fromMap(Map.of("maxMessageBytes", "2KiB")).maxMessageBytes());
        String m = error("fpm:?maxMessageBytes=100");
        assertTrue(m.contains("maxMessageBytes") && m.contains("at least 1024") && m.contains("100"), m);
        m = error("fpm:?maxMessageBytes=big");
        assertTrue(m.contains("'maxMessageBytes' must be a size"), m);
    }

    @Test
    void drainTimeoutIsReadWrittenAndCheckedInEveryForm() throws Exception {
        assertEquals(FpmConfig.DEFAULT_DRAIN_TIMEOUT, FpmConfigParser.fromMap(Map.of()).drainTimeout());
        FpmConfig c = FpmConfigParser.parseUri("fpm:?drainTimeout=30s");
        assertEquals(Duration.ofSeconds(30), c.drainTimeout());
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)));
        assertEquals(Duration.ZERO, FpmConfigParser.fromMap(Map.of("drainTimeout", "0")).drainTimeout());
        // JavaBean setter and JNDI environment end in the same configuration
        FpmConnectionFactory bean = new FpmConnectionFactory();
        bean.setProperties("drainTimeout=250ms");
        assertEquals(Duration.ofMillis(250), bean.getConfig().drainTimeout());
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FpmInitialContextFactory.class.getName());
        env.put("connectionFactory.Orders", "fpm:?route.orders=h:9000|/o.php");
        env.put("fpmjms.drainTimeout", "2s");
        InitialContext ctx = new InitialContext(env);
        try {
            assertEquals(Duration.ofSeconds(2),
                    ((FpmConnectionFactory) ctx.lookup("Orders")).getConfig().drainTimeout());
        } finally {
            ctx.close();
        }
        String m = error("fpm:?drainTimeout=-1s");
        assertTrue(m.contains("'drainTimeout' must be a duration") && m.contains("-1s"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfig.builder().drainTimeout(Duration.ofSeconds(-1)).build()).getMessage();
        assertTrue(m.contains("drainTimeout") && m.contains("zero or more"), m);
        m = error("fpm:?drainTimeout=soon");
        assertTrue(m.contains("'drainTimeout'"), m);
    }

    @Test
    void listenerBatchWindowIsZeroToOneSecond() {
        assertEquals(FpmConfig.DEFAULT_LISTENER_BATCH_WINDOW, FpmConfigParser.fromMap(Map.of()).listenerBatchWindow());
        assertEquals(Duration.ZERO, FpmConfigParser.fromMap(Map.of("listenerBatchWindow", "0")).listenerBatchWindow());
        assertEquals(Duration.ofSeconds(1), FpmConfigParser.fromMap(Map.of("listenerBatchWindow", "1s")).listenerBatchWindow());
        String m = error("fpm:?listenerBatchWindow=2s");
        assertTrue(m.contains("listenerBatchWindow") && m.contains("at most 1s"), m);
        m = error("fpm:?listenerBatchWindow=-1ms");
        assertTrue(m.contains("listenerBatchWindow"), m);
    }

    @Test
    void failureRepliesAreOnByDefaultAndSwitchOffPerRoute() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL + "&route.*=embedded|builtin:echo&route.mail.failureReplies=false");
        assertFalse(c.routes().get("mail").failureReplies());
        assertTrue(c.defaultRoute().failureReplies());
        String m = error("fpm:?route.mail=" + MAIL + "&route.mail.failureReplies=maybe");
        assertTrue(m.contains("route.mail.failureReplies") && m.contains("maybe"), m);
    }

    @Test
    void pipelineIsARouteBooleanOnByDefault() {
        assertTrue(FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL).routes().get("mail").pipeline());
        FpmConfig c = FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL + "&route.mail.pipeline=false");
        assertEquals(false, c.routes().get("mail").pipeline());
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)));
        String m = error("fpm:?route.mail=" + MAIL + "&route.mail.pipeline=maybe");
        assertTrue(m.contains("route.mail.pipeline") && m.contains("maybe"), m);
    }

    @Test
    void poolSharingSettingsAreZeroOrMore() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL + "&route.mail.idleLinger=0&route.mail.saturationWait=1s");
        assertEquals(Duration.ZERO, c.routes().get("mail").idleLinger());
        assertEquals(Duration.ofSeconds(1), c.routes().get("mail").saturationWait());
        assertEquals(FpmRoute.builder("mail").build().idleLinger(), FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL)
                .routes().get("mail").idleLinger());
        String m = error("fpm:?route.mail=" + MAIL + "&route.mail.idleLinger=-1ms");
        assertTrue(m.contains("route.mail.idleLinger") && m.contains("-1ms"), m);
        m = error("fpm:?route.mail=" + MAIL + "&route.mail.saturationWait=soon");
        assertTrue(m.contains("route.mail.saturationWait") && m.contains("soon"), m);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FpmRoute.builder("q").idleLinger(Duration.ofMillis(-1)).build());
        assertTrue(e.getMessage().contains("route 'q' idleLinger"), e.getMessage());
    }

    @Test
    void pingPathIsAnAbsolutePathOrUnsetAndPingResponseDefaultsToPong() {
        FpmRoute r = FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL + "&route.mail.pingPath=/ping"
                + "&route.mail.pingResponse=alive").routes().get("mail");
        assertEquals("/ping", r.pingPath());
        assertEquals("alive", r.pingResponse());
        FpmConfig c = FpmConfigParser.fromMap(Map.of("route.mail", MAIL, "route.mail.pingPath", "/ping"));
        assertEquals("pong", c.routes().get("mail").pingResponse());
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)));
        assertTrue(FpmConfigParser.toUri(c).contains("route.mail.pingPath=/ping"), FpmConfigParser.toUri(c));
        assertNull(FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL).routes().get("mail").pingPath());
        String m = error("fpm:?route.mail=" + MAIL + "&route.mail.pingPath=ping");
        assertTrue(m.contains("route 'mail' pingPath") && m.contains("absolute") && m.contains("ping"), m);
        m = error("fpm:?route.mail=" + MAIL + "&route.mail.pingResponse=%20pong");
        assertTrue(m.contains("route 'mail' pingResponse") && m.contains(" pong"), m);
    }

    @Test
    void statusPathIsAnAbsolutePathOrUnset() {
        assertEquals("/fpm-status", FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL + "&route.mail.statusPath=/fpm-status")
                .routes().get("mail").statusPath());
        assertEquals(null, FpmConfigParser.parseUri("fpm:?route.mail=" + MAIL).routes().get("mail").statusPath());
        String m = error("fpm:?route.mail=" + MAIL + "&route.mail.statusPath=status");
        assertTrue(m.contains("statusPath") && m.contains("status") && m.contains("absolute"), m);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FpmRoute.builder("q").statusPath("/a b").build());
        assertTrue(e.getMessage().contains("route 'q' statusPath") && e.getMessage().contains("/a b"), e.getMessage());
    }

    @Test
    void badDurationNamesKeyValueAndForm() {
        assertEquals("fpm-jms key 'route.mail.readTimeout' must be a duration like 30s, 500ms, 2m, 1h or plain milliseconds,"
                + " was: '30 seconds'", error("fpm:?route.mail=" + MAIL + "&route.mail.readTimeout=30%20seconds"));
        assertEquals("fpm-jms key 'sendTimeout' must be a duration like 30s, 500ms, 2m, 1h or plain milliseconds,"
                + " was: '-5s'", error("fpm:?sendTimeout=-5s"));
        assertEquals("fpm-jms key 'embeddedFpm.requestTerminateTimeout' must be a whole number of seconds like 30s or 2m"
                + " (digits alone are milliseconds), was: '1500'", error("fpm:?embeddedFpm.requestTerminateTimeout=1500"));
    }

    @Test
    void negativeAndOutOfRangeNumbersAreRejected() {
        assertEquals("fpm-jms key 'maxQueueMessages' must be a whole number (digits only), was: '-5'",
                error("fpm:?maxQueueMessages=-5"));
        assertEquals("fpm-jms key 'route.m.maxInFlight' must be a whole number (digits only), was: '-1'",
                error("fpm:?route.m=" + MAIL + "&route.m.maxInFlight=-1"));
        assertEquals("fpm-jms key 'route.m.maxInFlight' = '0' rejected: fpm-jms setting 'route 'm' maxInFlight'"
                + " must be at least 1, was: 0", error("fpm:?route.m=" + MAIL + "&route.m.maxInFlight=0"));
        assertEquals("fpm-jms setting 'maxQueueMessages' must be at least 1, was: 0", error("fpm:?maxQueueMessages=0"));
        assertEquals("fpm-jms key 'route.m.retry.jitter' = '1.5' rejected: fpm-jms setting 'backoffJitter' must be 0.0 to 1.0,"
                + " was: 1.5", error("fpm:?route.m=" + MAIL + "&route.m.retry.jitter=1.5"));
        assertEquals("fpm-jms key 'route.m.retry.multiplier' must be a decimal number like 2 or 0.25 of 1 or more, was: '1e3'"
                .replace(" of 1 or more", ""), error("fpm:?route.m=" + MAIL + "&route.m.retry.multiplier=1e3"));
        assertEquals("fpm-jms key 'route.m.maxReplyBytes' must be a size like 64KiB, 16MiB or plain bytes (units B, KiB, MiB,"
                + " GiB, TiB are 1024-based) up to 2147483647 bytes, was: '2GiB'",
                error("fpm:?route.m=" + MAIL + "&route.m.maxReplyBytes=2GiB"));
        assertTrue(error("fpm:?maxQueueBytes=64KB").contains("must be a size like 64KiB"));
        assertEquals("fpm-jms key 'route.m.wireProtocol' = '3' rejected: fpm-jms setting 'route 'm' wireProtocol'"
                + " must be 1 or 2, was: 3", error("fpm:?route.m=" + MAIL + "&route.m.wireProtocol=3"));
        assertEquals("fpm-jms key 'fsyncPolicy' = 'sometimes' rejected: fpm-jms setting 'fsyncPolicy' must be always, always:<delay>,"
                + " never, batch_ms or batch_ms:<millis>, was: sometimes", error("fpm:?fsyncPolicy=sometimes"));
        assertEquals("fpm-jms setting 'maxInFlight of the routes on the embedded php-fpm [*=9]' must be in sum"
                + " at most embeddedFpm.maxChildren (4), was: 9", error("fpm:embedded?route.*.maxInFlight=9"));
        assertTrue(error("fpm:?maxQueueMessages=99999999999999999999").contains("up to 9223372036854775807"));
    }

    @Test
    void badEndpointAndMissingScript() {
        assertEquals("fpm-jms key 'route.m' = 'localhost|/srv/m.php' rejected: fpm-jms setting 'route 'm' endpoint' must be"
                + " 'embedded', 'unix:/abs/path', '/abs/path', 'tcp://host:port' or 'host:port', was: localhost",
                error("fpm:?route.m=localhost|/srv/m.php"));
        assertEquals("fpm-jms key 'route.m' must be ENDPOINTS|SCRIPT (e.g. unix:/run/php/php8.2-fpm.sock|/srv/app/worker.php),"
                + " was: 'unix:/run/php.sock': the script is missing", error("fpm:?route.m=unix:/run/php.sock"));
        assertTrue(error("fpm:?route.m=unix:/run/php.sock|").endsWith("the script is missing"));
        assertTrue(error("fpm:?route.m=|/srv/m.php").endsWith("the endpoints are missing"));
        assertTrue(error("fpm:?route.m=a:1|b|/c.php").endsWith("more than one '|'"));
        assertEquals("fpm-jms key 'route.m' = 'h:1|m.php' rejected: fpm-jms setting 'route 'm' script' must be an absolute"
                + " path or builtin:NAME, was: m.php", error("fpm:?route.m=h:1|m.php"));
        assertEquals("fpm-jms route 'm' has no script: add route.m=ENDPOINTS|SCRIPT (or route.m.endpoints and"
                + " route.m.script); given: route.m.endpoints", error("fpm:?route.m.endpoints=/run/php.sock"));
        assertEquals("fpm-jms route 'mial' is not defined: add route.mial=ENDPOINTS|SCRIPT (or route.mial.endpoints and"
                + " route.mial.script); given: route.mial.maxInFlight", error("fpm:?route.mail=" + MAIL + "&route.mial.maxInFlight=3"));
        assertTrue(error("fpm:?route.m=a:1,,b:2|/m.php").contains("must be a comma-separated list without empty entries"));
    }

    @Test
    void repeatedSettingsAndBadUrisAreRejected() {
        assertEquals("fpm-jms setting given twice: 'maxQueueMessages=1' and 'maxQueueMessages=2'",
                error("fpm:?maxQueueMessages=1&maxQueueMessages=2"));
        assertEquals("fpm-jms setting given twice: 'route.m=h:1|/a.php' and 'route.m.script=/b.php'",
                error("fpm:?route.m=h:1|/a.php&route.m.script=/b.php"));
        assertTrue(error("tcp://localhost:61616").startsWith("fpm-jms URI must start with 'fpm:'"));
        assertTrue(error("fpm://broker:1?name=x").contains("found 'broker:1' before the '?'"));
        assertTrue(error("fpm:?name=x#frag").contains("'#' fragment"));
        assertTrue(error("fpm:?name").contains("setting 'name' must be key=value"));
        assertEquals("fpm-jms key 'name' must use percent-escapes of two hex digits (%2F); a literal % is %25, was: '50%'",
                error("fpm:?name=50%"));
        assertTrue(error("fpm:?name=%C3%28").contains("percent-escapes that form UTF-8"));
        assertEquals("fpm-jms key 'embeddedFpm' = 'false' rejected: a route uses the endpoint 'embedded'",
                error("fpm:embedded?embeddedFpm=false"));
        assertEquals("fpm-jms setting 'localQueues' must be names without a route, was: m",
                error("fpm:?route.m=h:1|/a.php&localQueues=m"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.apply(FpmConfig.builder(), "name", null))
                .getMessage().contains("'name' has no value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.applySettings(FpmConfig.builder(), "name=a;oops")).getMessage()
                .contains("setting 'oops' must be key=value"));
    }

    @Test
    void aListEntryWithACommaHasNoUriForm() {
        FpmConfig c = FpmConfig.builder().localQueue("a,b").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.toUri(c));
        assertTrue(e.getMessage().contains("'localQueues' cannot be written as a comma list: entry 'a,b'"), e.getMessage());
    }

    @Test
    void everyDocumentedKeyShapeIsListed() {
        Map<String, String> sample = new LinkedHashMap<>();
        for (String k : FpmConfigParser.keys()) {
            sample.put(k, k);
        }
        assertTrue(sample.containsKey("route.<queue>.retry.clientErrors"));
        assertTrue(sample.containsKey("embeddedFpm.phpIni.<name>"));
        assertTrue(sample.containsKey("broker.<option>"));
        assertTrue(sample.containsKey("embeddedFpm.env.<NAME>"));
        assertEquals(GlobalSetting.values().length + 1 + EmbeddedSetting.values().length + 1 + 1 + 1 + RouteOption.values().length + 1 + 1
                + 1 + RouteOption.values().length + 1, sample.size());
        assertTrue(sample.containsKey("subscription.<topic>.<name>.retry.maxAttempts"));
    }

    /** The examples of docs/configuration.md all describe the same configuration. */
    @Test
    void documentedExamplesAgree() {
        FpmConfig builder = FpmConfig.builder()
                .route(FpmRoute.builder("mail").endpoint("unix:/run/php/php8.2-fpm.sock").script("/srv/app/mail.php")
                        .maxInFlight(8).build())
                .route(FpmRoute.builder(FpmRoute.ANY_QUEUE).endpoint(FpmRoute.EMBEDDED).script("builtin:echo").build())
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .maxQueueMessages(50_000)
                .build();
        assertEquals(builder, FpmConfigParser.parseUri("fpm:embedded?route.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php"
                + "&route.mail.maxInFlight=8&maxQueueMessages=50000"));
        Properties p = new Properties();
        p.setProperty("fpmjms.route.mail", "unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php");
        p.setProperty("fpmjms.route.mail.maxInFlight", "8");
        p.setProperty("fpmjms.route.*", "embedded|builtin:echo");
        p.setProperty("fpmjms.maxQueueMessages", "50000");
        p.setProperty("unrelated", "x");
        assertEquals(builder, FpmConfigParser.fromProperties(p, "fpmjms."));
        p.remove("unrelated");
        assertEquals(builder, FpmConfigParser.fromProperties(p));
        FpmConfig.Builder bean = FpmConfig.builder();
        FpmConfigParser.applyUri(bean, "fpm:embedded?route.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php");
        FpmConfigParser.applySettings(bean, "route.mail.maxInFlight=8; maxQueueMessages=50000");
        assertEquals(builder, bean.build());
    }

    @Test
    void fsyncPolicyAlwaysTakesAGroupCommitDelay() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:?fsyncPolicy=ALWAYS:300us");
        assertEquals(FsyncPolicy.always(Duration.ofNanos(300_000)), c.fsyncPolicy());
        assertEquals(Duration.ofNanos(300_000), c.fsyncPolicy().groupCommitDelay());
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)), "round trip");
        assertTrue(FpmConfigParser.toUri(c).contains("fsyncPolicy=always:300us"), FpmConfigParser.toUri(c));
        assertEquals(FsyncPolicy.ALWAYS, FpmConfigParser.parseUri("fpm:?fsyncPolicy=always:0").fsyncPolicy());
        assertEquals(Duration.ofMillis(2), FpmConfigParser.parseUri("fpm:?fsyncPolicy=always:2").fsyncPolicy().groupCommitDelay(),
                "digits alone are milliseconds");
        assertEquals(Duration.ZERO, FsyncPolicy.batch(Duration.ofMillis(5)).groupCommitDelay());
        assertTrue(error("fpm:?fsyncPolicy=always:200ms").contains("a group commit delay of 0 to 100 ms"),
                error("fpm:?fsyncPolicy=always:200ms"));
        assertTrue(error("fpm:?fsyncPolicy=always:soon").contains("always:<delay> with a duration such as 300us"),
                error("fpm:?fsyncPolicy=always:soon"));
    }
}
