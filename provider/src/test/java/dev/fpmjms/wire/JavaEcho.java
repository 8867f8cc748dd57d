package dev.fpmjms.wire;

import java.util.Map;
import java.util.TreeMap;

/**
 * What echo.php does, written in Java: turns the params of a request into the reply headers that
 * return it unchanged. Lets the decoder tests check that decoding inverts encoding without PHP.
 */
final class JavaEcho {

    private JavaEcho() {
    }

    static Map<String, String> headers(WireRequest request) {
        Map<String, String> p = request.params();
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy(p, "CONTENT_TYPE", h, "Content-Type");
        h.put("X-Fpmjms-Protocol", p.get("FPMJMS_PROTOCOL"));
        // Protocol 2 leaves out headers at their defaults and the body type (CONTENT_TYPE tells):
        // the echo writes them all, as the PHP helper's Reply::echoOf does.
        h.put("X-Fpmjms-Body-Type", p.getOrDefault("FPMJMS_BODY_TYPE", bodyTypeOf(p.get("CONTENT_TYPE"))));
        copy(p, "FPMJMS_BODY_NULL", h, "X-Fpmjms-Body-Null");
        if (joined(p, "FPMJMS_CORRELATION_ID") != null) {
            h.put("X-Fpmjms-Correlation-Id", joined(p, "FPMJMS_CORRELATION_ID"));
        } else {
            h.put("X-Fpmjms-No-Correlation-Id", "1");
        }
        if (joined(p, "FPMJMS_TYPE") != null) {
            h.put("X-Fpmjms-Type", joined(p, "FPMJMS_TYPE"));
        }
        h.put("X-Fpmjms-Priority", p.getOrDefault("FPMJMS_PRIORITY", "4"));
        h.put("X-Fpmjms-Delivery-Mode", p.getOrDefault("FPMJMS_DELIVERY_MODE", "2"));
        h.put("X-Fpmjms-Expiration", p.getOrDefault("FPMJMS_EXPIRATION", "0"));
        copy(p, "FPMJMS_REPLY_TO", h, "X-Fpmjms-Reply-To");
        copy(p, "FPMJMS_MESSAGE_ID", h, "X-Fpmjms-Message-Id");
        String timestamp = p.getOrDefault("FPMJMS_TIMESTAMP", "0");
        h.put("X-Fpmjms-Timestamp", timestamp);
        h.put("X-Fpmjms-Delivery-Time", p.getOrDefault("FPMJMS_DELIVERY_TIME", timestamp));
        if (joined(p, "FPMJMS_PROPERTIES") != null) {
            h.put("X-Fpmjms-Properties", joined(p, "FPMJMS_PROPERTIES"));
        }
        return h;
    }

    private static String bodyTypeOf(String contentType) {
        if (contentType == null) {
            return "NONE";
        }
        for (dev.fpmjms.envelope.BodyType t : dev.fpmjms.envelope.BodyType.values()) {
            if (contentType.equals(WireRequestEncoder.contentType(t))) {
                return t.name();
            }
        }
        throw new IllegalArgumentException("no body type has the content type " + contentType);
    }

    /** A param, joined from its parts when it was split. */
    static String joined(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v != null || p.get(name + "_PARTS") == null) {
            return v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1, n = Integer.parseInt(p.get(name + "_PARTS")); i <= n; i++) {
            sb.append(p.get(name + "_" + i));
        }
        return sb.toString();
    }

    private static void copy(Map<String, String> p, String param, Map<String, String> h, String header) {
        if (p.get(param) != null) {
            h.put(header, p.get(param));
        }
    }
}
