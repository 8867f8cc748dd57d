package dev.fpmjms.wire;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a request envelope into the CGI params and body of a FastCGI request
 * ({@code docs/wire-contract.md}), in protocol version {@value #PROTOCOL_VERSION} (the default:
 * headers at their JMS default values and the informational CGI params are left out) or
 * {@value #OLDEST_PROTOCOL_VERSION} (every header and CGI param always sent, for workers written
 * against it).
 *
 * <p>One encoder serves one route of one worker queue ({@link #forRoute}): the params that are
 * the same for every request of the queue are worked out once. Immutable and thread-safe;
 * called by dispatcher threads on the hot path, so it uses no reflection or regular
 * expressions. It does not block.
 */
public final class WireRequestEncoder {

    /** The protocol version sent in {@code FPMJMS_PROTOCOL} unless a route asks for an older one. */
    public static final int PROTOCOL_VERSION = 2;

    /** The oldest protocol version the encoder can still send (and the reply decoder accepts). */
    public static final int OLDEST_PROTOCOL_VERSION = 1;

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

    /** JMS defaults that protocol 2 leaves out ({@code jakarta.jms.Message.DEFAULT_PRIORITY}). */
    private static final int DEFAULT_PRIORITY = 4;

    private static final byte[] EMPTY = new byte[0];

    private final int protocol;
    private final String protocolText;
    /** Protocol 1: every header in every request; protocol 2 leaves out those at their defaults. */
    private final boolean everyHeader;
    private final String scriptFilename;
    private final String scriptName;
    private final String requestUri;
    private final String queueParam;
    private final DestinationRef ownQueue;
    private final Map<String, String> routeParams;

    private WireRequestEncoder(String queueName, String scriptFilename, Map<String, String> routeParams, int protocol) {
        if (protocol < OLDEST_PROTOCOL_VERSION || protocol > PROTOCOL_VERSION) {
            throw new IllegalArgumentException("wire protocol " + protocol + " is not supported: "
                    + OLDEST_PROTOCOL_VERSION + " to " + PROTOCOL_VERSION);
        }
        this.protocol = protocol;
        this.protocolText = Integer.toString(protocol);
        this.everyHeader = protocol == 1;
        Objects.requireNonNull(queueName, "queueName");
        this.scriptFilename = Objects.requireNonNull(scriptFilename, "scriptFilename");
        this.scriptName = "/" + scriptFilename.substring(scriptFilename.lastIndexOf('/') + 1);
        this.requestUri = "/queue/" + PercentEncoding.encode(queueName, ".");
        this.queueParam = PercentEncoding.encode(queueName);
        this.ownQueue = DestinationRef.queue(queueName);
        if (routeParams == null || routeParams.isEmpty()) {
            this.routeParams = Map.of();
        } else {
            checkRouteParams(routeParams);
            this.routeParams = Collections.unmodifiableMap(new LinkedHashMap<>(routeParams));
        }
    }

    /**
     * An encoder for the requests of one worker queue.
     *
     * @param queueName      the worker queue ({@code FPMJMS_QUEUE}; protocol 1 also {@code REQUEST_URI=/queue/NAME})
     * @param scriptFilename the absolute path of the script on the php-fpm side
     * @param routeParams    extra params of the route (copied); may override the informational CGI
     *                       params ({@code SCRIPT_NAME}, {@code REQUEST_URI}, ...) or add them back
     *                       in protocol 2, but not the
     *                       reserved ones (see {@link #checkRouteParams})
     * @param protocol       {@value #OLDEST_PROTOCOL_VERSION} to {@value #PROTOCOL_VERSION}
     * @throws IllegalArgumentException a route param is reserved or badly named, or the protocol
     *                                  version is not supported
     */
    public static WireRequestEncoder forRoute(String queueName, String scriptFilename, Map<String, String> routeParams,
                                              int protocol) {
        return new WireRequestEncoder(queueName, scriptFilename, routeParams, protocol);
    }

    /**
     * Encodes one request in the newest protocol; for callers that encode once (tests, tools).
     *
     * @see #forRoute
     * @see #encode(FpmEnvelope)
     */
    public static WireRequest encode(FpmEnvelope request, String queueName, String scriptFilename,
                                     Map<String, String> routeParams) {
        return forRoute(queueName, scriptFilename, routeParams, PROTOCOL_VERSION).encode(request);
    }

    /** The script the requests run ({@code SCRIPT_FILENAME}). */
    public String scriptFilename() {
        return scriptFilename;
    }

    /** The protocol version this encoder sends. */
    public int protocol() {
        return protocol;
    }

    /** The param that carries the W3C {@code traceparent} (where php-fpm puts that HTTP request header). */
    public static final String TRACEPARENT_PARAM = "HTTP_TRACEPARENT";
    /** The param that carries the W3C {@code tracestate}; sent only with {@link #TRACEPARENT_PARAM}. */
    public static final String TRACESTATE_PARAM = "HTTP_TRACESTATE";

    /**
     * Encodes one request with the trace context its message carries ({@link TraceContext#of}).
     *
     * @see #encode(FpmEnvelope, TraceContext)
     */
    public WireRequest encode(FpmEnvelope request) {
        return encode(request, TraceContext.of(request));
    }

    /**
     * Encodes one request.
     *
     * @param request the message; its byte arrays are handed on without a copy
     * @param trace   the trace context to send in {@value #TRACEPARENT_PARAM} and
     *                {@value #TRACESTATE_PARAM} (the message's own, or the dispatch span's when
     *                spans are on), or {@code null} for none; the message's properties go to PHP
     *                unchanged either way
     * @return the params (unmodifiable, in the documented order) and body
     * @throws IllegalArgumentException the envelope holds a value JMS does not allow
     */
    public WireRequest encode(FpmEnvelope request, TraceContext trace) {
        Objects.requireNonNull(request, "request");
        byte[] body = body(request);
        Map<String, String> p = new LinkedHashMap<>(everyHeader ? 64 : 32);
        if (everyHeader) {
            p.put("GATEWAY_INTERFACE", "CGI/1.1");
            p.put("SERVER_PROTOCOL", "HTTP/1.1");
            p.put("SERVER_SOFTWARE", "fpm-jms");
        }
        p.put("REQUEST_METHOD", "POST");
        p.put("SCRIPT_FILENAME", scriptFilename);
        if (everyHeader) {
            p.put("SCRIPT_NAME", scriptName);
            p.put("REQUEST_URI", requestUri);
            p.put("QUERY_STRING", "");
        }
        String contentType = contentType(request.bodyType());
        if (contentType != null) {
            p.put("CONTENT_TYPE", contentType);
        }
        p.put("CONTENT_LENGTH", Integer.toString(body.length));
        if (!routeParams.isEmpty()) {
            p.putAll(routeParams);
        }
        p.put(WireParam.FPMJMS_PROTOCOL.name(), protocolText);
        put(p, WireParam.FPMJMS_QUEUE, queueParam);
        if (everyHeader || !ownQueue.equals(request.destination())) {
            p.put(WireParam.FPMJMS_DESTINATION.name(), WireReplyDecoder.formatDestination(request.destination()));
        }
        if (request.messageId() != null) {
            put(p, WireParam.FPMJMS_MESSAGE_ID, PercentEncoding.encode(request.messageId()));
        }
        if (everyHeader || request.timestamp() != 0) {
            p.put(WireParam.FPMJMS_TIMESTAMP.name(), Long.toString(request.timestamp()));
        }
        if (request.correlationId() != null) {
            put(p, WireParam.FPMJMS_CORRELATION_ID, PercentEncoding.encode(request.correlationId()));
        }
        if (request.type() != null) {
            put(p, WireParam.FPMJMS_TYPE, PercentEncoding.encode(request.type()));
        }
        if (everyHeader || !request.persistent()) {
            p.put(WireParam.FPMJMS_DELIVERY_MODE.name(), request.persistent() ? "2" : "1");
        }
        if (everyHeader || request.priority() != DEFAULT_PRIORITY) {
            p.put(WireParam.FPMJMS_PRIORITY.name(), Integer.toString(request.priority()));
        }
        if (everyHeader || request.expiration() != 0) {
            p.put(WireParam.FPMJMS_EXPIRATION.name(), Long.toString(request.expiration()));
        }
        if (everyHeader || request.deliveryTime() != request.timestamp()) {
            p.put(WireParam.FPMJMS_DELIVERY_TIME.name(), Long.toString(request.deliveryTime()));
        }
        if (everyHeader || request.redelivered()) {
            p.put(WireParam.FPMJMS_REDELIVERED.name(), request.redelivered() ? "1" : "0");
        }
        if (everyHeader || request.deliveryCount() != 1) {
            p.put(WireParam.FPMJMS_DELIVERY_COUNT.name(), Integer.toString(request.deliveryCount()));
        }
        if (request.replyTo() != null) {
            put(p, WireParam.FPMJMS_REPLY_TO, WireReplyDecoder.formatDestination(request.replyTo()));
        }
        if (everyHeader) {
            p.put(WireParam.FPMJMS_BODY_TYPE.name(), request.bodyType().name());
        }
        if (request.body() == null && (request.bodyType() == BodyType.TEXT || request.bodyType() == BodyType.OBJECT)) {
            p.put(WireParam.FPMJMS_BODY_NULL.name(), "1");
        }
        if (!request.properties().isEmpty()) {
            put(p, WireParam.FPMJMS_PROPERTIES, TypedJson.encodeProperties(request.properties()));
        }
        if (trace != null) {
            p.put(TRACEPARENT_PARAM, trace.traceparent());
            if (trace.tracestate() != null) {
                p.put(TRACESTATE_PARAM, trace.tracestate());
            }
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
     * {@code SCRIPT_FILENAME}, {@code CONTENT_TYPE}, {@code CONTENT_LENGTH}, the trace context's
     * {@value #TRACEPARENT_PARAM} and {@value #TRACESTATE_PARAM} or any {@code FPMJMS_*}, and no NUL in values (php-fpm cuts values at NUL). Configuration code may
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
                    || name.equals("CONTENT_TYPE") || name.equals("CONTENT_LENGTH")
                    || name.equals(TRACEPARENT_PARAM) || name.equals(TRACESTATE_PARAM)) {
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
        if (value.length() * 3 <= MAX_PARAM_VALUE_BYTES || PercentEncoding.utf8Length(value) <= MAX_PARAM_VALUE_BYTES) {
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
