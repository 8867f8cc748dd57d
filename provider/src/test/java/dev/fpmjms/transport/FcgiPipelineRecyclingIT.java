package dev.fpmjms.transport;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelining against a real php-fpm whose children exit after two requests ({@code pm.max_requests
 * = 2}): a child at its last request reads and discards the request written behind it, so many
 * pipelined requests get EOF with no reply byte. Each must be resent, none lost, none failed, and
 * each must run (the script counts its runs in a file per request).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FcgiPipelineRecyclingIT {

    private static final int REQUESTS = 300;

    @Test
    void requestsDiscardedBehindAChildsLastRequestAreResentAndNothingIsLost() throws Exception {
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null),
                EmbeddedPhpFpm.Listen.UNIX, Map.of("pm.max_requests", "2")).start();
             FcgiClient client = new FcgiClient(fpm.endpoint(),
                     FcgiClientSettings.builder().keepAlive(true).maxInFlight(2).pipeline(true)
                             .readTimeout(Duration.ofSeconds(20)).idleLinger(Duration.ofSeconds(30)).build())) {
            String script = fpm.installScript("id.php", "<?php echo file_get_contents('php://input');").toString();
            Map<String, String> params = Map.of("SCRIPT_FILENAME", script, "REQUEST_METHOD", "POST",
                    "CONTENT_TYPE", "text/plain");
            List<CompletableFuture<FcgiResponse>> replies = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                replies.add(client.execute(withLength(params, i), Integer.toString(i).getBytes(StandardCharsets.US_ASCII)));
            }
            Set<String> bodies = new HashSet<>();
            for (CompletableFuture<FcgiResponse> f : replies) {
                FcgiResponse r = f.get(60, TimeUnit.SECONDS);
                bodies.add(new String(CgiResponseParser.parse(r.stdout(), 8192).body(), StandardCharsets.US_ASCII));
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < REQUESTS; i++) {
                expected.add(Integer.toString(i));
            }
            assertEquals(expected, bodies, "every request answered with its own body");
            Matcher m = Pattern.compile("pipelined (\\d+)").matcher(client.describeState());
            assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, client.describeState());
        }
    }

    private static Map<String, String> withLength(Map<String, String> params, int i) {
        Map<String, String> p = new java.util.HashMap<>(params);
        p.put("CONTENT_LENGTH", Integer.toString(Integer.toString(i).length()));
        return p;
    }
}
