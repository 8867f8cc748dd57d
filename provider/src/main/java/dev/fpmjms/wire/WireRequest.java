package dev.fpmjms.wire;

import java.util.Map;
import java.util.Objects;

/**
 * One FastCGI RESPONDER request as the wire contract defines it: the CGI params in the order they
 * should be sent, and the body for FCGI_STDIN.
 *
 * <p>Every name-value pair is small enough for one FCGI_PARAMS record (php-fpm parses each record
 * on its own, so a pair must never be split across records); longer fpm-jms values are already
 * split into parts by {@link WireRequestEncoder}.
 *
 * <p>Immutable map; the body array is shared with the envelope it came from (no copy on the hot
 * path) and must not be modified by anyone.
 *
 * @param params CGI params, unmodifiable, in insertion order; names and values are sent as UTF-8
 * @param body   the request body, never {@code null} (empty for no body)
 */
public record WireRequest(Map<String, String> params, byte[] body) {

    public WireRequest {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(body, "body");
    }

    /** The characters the typed properties take in the params ({@code FPMJMS_PROPERTIES} and its parts). */
    public long propertiesLength() {
        long n = 0;
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (p.getKey().startsWith(WireParam.FPMJMS_PROPERTIES.name())) {
                n += p.getValue().length();
            }
        }
        return n;
    }
}
