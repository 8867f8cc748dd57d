package dev.fpmjms.wire;

import dev.fpmjms.engine.BodyType;
import dev.fpmjms.engine.FpmEnvelope;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a request envelope into the CGI params and body of a FastCGI request, protocol version
 * {@value #PROTOCOL_VERSION} ({@code docs/wire-contract.md}).
 *
 * <p>Stateless and thread-safe; called by dispatcher threads on the hot path, so it uses no
 * reflection or regular expressions. It does not block.
 */
public final class WireRequestEncoder {

    /** The protocol version sent in {@code FPMJMS_PROTOCOL}. */
    public static final int PROTOCOL_VERSION = 1;

    /**
     * The largest value, in UTF-8 bytes, sent as one param. A longer fpm-jms value is sent as
     * {@code NAME_PARTS=n} and {@code NAME_1..NAME_n}: php-fpm reads every FCGI_PARAMS record on its
     * own (at most 65535 bytes), so one name-value pair must fit in one record.
     */
    public static final int MAX_PARAM_VALUE_BYTES = 60_000;

    /** Content types of the request and reply bodies. */
    public static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
    public static final String BYTES_CONTENT_TYPE = "application/octet-stream";
    public static final String MAP_CONTENT_TYPE = "application/vnd.fpmjms.map+json";
    public static final String STREAM_CONTENT_TYPE = "application/vnd.fpmjms.stream+json";
    public static final String OBJECT_CONTENT_TYPE = "application/x-java-serialized-object";

    private static final byte[] EMPTY = new byte[0];

    private WireRequestEncoder() {
    }

    /**
     * Encodes one request.
     *
     * @param request        the message; its byte arrays are handed on without a copy
     * @param queueName      the worker queue the message was sent to ({@code FPMJMS_QUEUE},
     *                       {@code REQUEST_URI=/queue/NAME})
     * @param scriptFilename the absolute path of the script on the php-fpm side
     * @param routeParams    extra params of the route; may override the informational CGI params
     *                       ({@code SCRIPT_NAME}, {@code REQUEST_URI}, ...) but not the reserved
     *                       ones (see {@link #checkRouteParams})
     * @return the params and body
     * @throws IllegalArgumentException when a route param is reserved or badly named, or the
     *                                  envelope holds a value JMS does not allow
     */
    public static WireRequest encode(FpmEnvelope request, String queueName, String scriptFilename,
                                     Map<String, String> routeParams) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(scriptFilename, "scriptFilename");
        byte[] body = body(request);
        Map<String, String> p = new LinkedHashMap<>(64);
        p.put("GATEWAY_INTERFACE", "CGI/1.1");
        p.put("SERVER_PROTOCOL", "HTTP/1.1");
        p.put("SERVER_SOFTWARE", "fpm-jms");
        p.put("REQUEST_METHOD", "POST");
        p.put("SCRIPT_FILENAME", scriptFilename);
        p.put("SCRIPT_NAME", "/" + scriptFilename.substring(scriptFilename.lastIndexOf('/') + 1));
        p.put("REQUEST_URI", "/queue/" + Pct.encode(queueName, true));
        p.put("QUERY_STRING", "");
        String contentType = contentType(request.bodyType());
        if (contentType != null) {
            p.put("CONTENT_TYPE", contentType);
        }
        p.put("CONTENT_LENGTH", Integer.toString(body.length));
        if (routeParams != null && !routeParams.isEmpty()) {
            checkRouteParams(routeParams);
            p.putAll(routeParams);
        }
        p.put(WireParam.FPMJMS_PROTOCOL.name(), Integer.toString(PROTOCOL_VERSION));
        put(p, WireParam.FPMJMS_QUEUE, Pct.encode(queueName));
        p.put(WireParam.FPMJMS_DESTINATION.name(), WireReplyDecoder.formatDestination(request.destination()));
        if (request.messageId() != null) {
            put(p, WireParam.FPMJMS_MESSAGE_ID, Pct.encode(request.messageId()));
        }
        p.put(WireParam.FPMJMS_TIMESTAMP.name(), Long.toString(request.timestamp()));
        if (request.correlationId() != null) {
            put(p, WireParam.FPMJMS_CORRELATION_ID, Pct.encode(request.correlationId()));
        }
        if (request.type() != null) {
            put(p, WireParam.FPMJMS_TYPE, Pct.encode(request.type()));
        }
        p.put(WireParam.FPMJMS_DELIVERY_MODE.name(), request.persistent() ? "2" : "1");
        p.put(WireParam.FPMJMS_PRIORITY.name(), Integer.toString(request.priority()));
        p.put(WireParam.FPMJMS_EXPIRATION.name(), Long.toString(request.expiration()));
        p.put(WireParam.FPMJMS_DELIVERY_TIME.name(), Long.toString(request.deliveryTime()));
        p.put(WireParam.FPMJMS_REDELIVERED.name(), request.redelivered() ? "1" : "0");
        p.put(WireParam.FPMJMS_DELIVERY_COUNT.name(), Integer.toString(request.deliveryCount()));
        if (request.replyTo() != null) {
            put(p, WireParam.FPMJMS_REPLY_TO, WireReplyDecoder.formatDestination(request.replyTo()));
        }
        p.put(WireParam.FPMJMS_BODY_TYPE.name(), request.bodyType().name());
        if (request.body() == null && (request.bodyType() == BodyType.TEXT || request.bodyType() == BodyType.OBJECT)) {
            p.put(WireParam.FPMJMS_BODY_NULL.name(), "1");
        }
        if (!request.properties().isEmpty()) {
            put(p, WireParam.FPMJMS_PROPERTIES, TypedJson.encodeProperties(request.properties()));
        }
        return new WireRequest(Collections.unmodifiableMap(p), body);
    }

    /** The request {@code CONTENT_TYPE} for a body type; {@code null} for NONE (no body). */
    public static String contentType(BodyType type) {
        switch (type) {
            case TEXT: return TEXT_CONTENT_TYPE;
            case BYTES: return BYTES_CONTENT_TYPE;
            case MAP: return MAP_CONTENT_TYPE;
            case STREAM: return STREAM_CONTENT_TYPE;
            case OBJECT: return OBJECT_CONTENT_TYPE;
            default: return null;
        }
    }

    /**
     * Checks a route's extra params: names of {@code [A-Za-z0-9_]} only (PHP rewrites other
     * characters in {@code $_SERVER} keys), not the reserved {@code REQUEST_METHOD},
     * {@code SCRIPT_FILENAME}, {@code CONTENT_TYPE}, {@code CONTENT_LENGTH} or any
     * {@code FPMJMS_*}, and no NUL in values (php-fpm cuts values at NUL). Configuration code may
     * call this to fail early.
     *
     * @throws IllegalArgumentException naming the first bad param
     */
    public static void checkRouteParams(Map<String, String> routeParams) {
        for (Map.Entry<String, String> e : routeParams.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || !isParamName(name)) {
                throw new IllegalArgumentException("route param name '" + name + "' must be non-empty and of [A-Za-z0-9_] only");
            }
            if (name.startsWith("FPMJMS_") || name.equals("REQUEST_METHOD") || name.equals("SCRIPT_FILENAME")
                    || name.equals("CONTENT_TYPE") || name.equals("CONTENT_LENGTH")) {
                throw new IllegalArgumentException("route param '" + name + "' is reserved by the fpm-jms wire contract");
            }
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("route param '" + name + "' must have a value without NUL characters");
            }
        }
    }

    private static boolean isParamName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] body(FpmEnvelope request) {
        Object body = request.body();
        switch (request.bodyType()) {
            case TEXT:
                return body == null ? EMPTY : Wtf8.encode((String) body);
            case BYTES:
            case OBJECT:
                return body == null ? EMPTY : (byte[]) body;
            case MAP:
                return body == null ? "{}".getBytes(StandardCharsets.US_ASCII) : TypedJson.encodeMap((Map<?, ?>) body);
            case STREAM:
                return body == null ? "[]".getBytes(StandardCharsets.US_ASCII) : TypedJson.encodeStream((List<?>) body);
            default:
                return EMPTY;
        }
    }

    /** Puts a value, split into parts when it is longer than one param may be. */
    private static void put(Map<String, String> p, WireParam param, String value) {
        if (value.length() * 3 <= MAX_PARAM_VALUE_BYTES || Pct.utf8Length(value) <= MAX_PARAM_VALUE_BYTES) {
            p.put(param.name(), value);
            return;
        }
        int part = 0;
        int start = 0;
        int bytes = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1));
            if (bytes + size + (pairStart ? 2 : 0) > MAX_PARAM_VALUE_BYTES) {
                p.put(param.name() + "_" + ++part, value.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        p.put(param.name() + "_" + ++part, value.substring(start));
        p.put(param.name() + WireParam.PARTS_SUFFIX, Integer.toString(part));
    }
}
