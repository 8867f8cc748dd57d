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
        h.put("X-Fpmjms-Protocol", "1");
        copy(p, "FPMJMS_BODY_TYPE", h, "X-Fpmjms-Body-Type");
        copy(p, "FPMJMS_BODY_NULL", h, "X-Fpmjms-Body-Null");
        if (joined(p, "FPMJMS_CORRELATION_ID") != null) {
            h.put("X-Fpmjms-Correlation-Id", joined(p, "FPMJMS_CORRELATION_ID"));
        } else {
            h.put("X-Fpmjms-No-Correlation-Id", "1");
        }
        if (joined(p, "FPMJMS_TYPE") != null) {
            h.put("X-Fpmjms-Type", joined(p, "FPMJMS_TYPE"));
        }
        copy(p, "FPMJMS_PRIORITY", h, "X-Fpmjms-Priority");
        copy(p, "FPMJMS_DELIVERY_MODE", h, "X-Fpmjms-Delivery-Mode");
        copy(p, "FPMJMS_EXPIRATION", h, "X-Fpmjms-Expiration");
        copy(p, "FPMJMS_REPLY_TO", h, "X-Fpmjms-Reply-To");
        copy(p, "FPMJMS_MESSAGE_ID", h, "X-Fpmjms-Message-Id");
        copy(p, "FPMJMS_TIMESTAMP", h, "X-Fpmjms-Timestamp");
        copy(p, "FPMJMS_DELIVERY_TIME", h, "X-Fpmjms-Delivery-Time");
        if (joined(p, "FPMJMS_PROPERTIES") != null) {
            h.put("X-Fpmjms-Properties", joined(p, "FPMJMS_PROPERTIES"));
        }
        return h;
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
