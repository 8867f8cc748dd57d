package dev.fpmjms.transport;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * php-fpm closing kept connections: with {@code pm.max_requests = 1} every child exits after one
 * request, so every kept connection goes stale right after its first reply. The client must
 * notice (idle EOF) or resend once (stale reuse) so that no request fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FcgiKeepAliveRecyclingIT {

    @Test
    void recycledChildrenNeverFailARequest() throws Exception {
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null),
                EmbeddedPhpFpm.Listen.UNIX, Map.of("pm.max_requests", "1")).start();
             FcgiClient client = new FcgiClient(fpm.endpoint(),
                     FcgiClientSettings.builder().keepAlive(true).maxInFlight(2)
                             .idleLinger(java.time.Duration.ofSeconds(30)).build())) {
            String script = fpm.installScript("hello.php", "<?php echo getmypid();").toString();
            Map<String, String> params = Map.of("SCRIPT_FILENAME", script, "REQUEST_METHOD", "GET");
            for (int i = 0; i < 30; i++) {
                FcgiResponse r = client.execute(params, new byte[0]).get(10, TimeUnit.SECONDS);
                assertEquals(200, CgiResponseParser.parse(r.stdout(), 8192).status());
            }
        }
    }
}
