package dev.fpmjms.wire;

import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Turns a worker's CGI response into the reply envelope (replies are the same in protocol versions 1 and 2)
 * ({@code docs/wire-contract.md}), and formats and parses destinations for both directions.
 *
 * <p>Stateless and thread-safe; does not block. Outcome classification (which statuses retry or
 * dead-letter) belongs to the dispatcher: this class only builds the message.
 */
public final class WireReplyDecoder {

    /** The most stderr characters kept in {@link ProviderProperties#JMS_FPM_STDERR}; the rest is cut with a marker. */
    public static final int MAX_STDERR_CHARS = 8192;

    private WireReplyDecoder() {
    }

    /**
     * Builds the reply envelope from a worker's response.
     *
     * <p>Destination: the request's JMSReplyTo, else {@code defaultReplyDestination}. Correlation
     * id: {@code X-Fpmjms-Correlation-Id}, else none with {@code X-Fpmjms-No-Correlation-Id: 1},
     * else the request's message id. Delivery mode and priority default to the request's; the
     * expiration to 0; message id, timestamp and delivery time to unset (null / 0) unless the worker
     * sends them, for the dispatcher to assign. The result is never redelivered, delivery count 0.
     *
     * @param request                 the request the worker answered
     * @param status                  the response status ({@code Status:} header, 200 when absent)
     * @param headers                 the response headers, names case-insensitive (a map that is
     *                                not case-insensitive is searched ignoring case)
     * @param buffer                  holds the body; only read, never kept: the envelope gets copies
     * @param bodyOffset              where the body starts in {@code buffer}
     * @param bodyLength              the body's length in bytes
     * @param defaultReplyDestination where replies go when the request has no JMSReplyTo
     * @return the reply envelope
     * @throws WireFormatException naming the header, property or body part that breaks the contract
     */
    public static FpmEnvelope decodeReply(FpmEnvelope request, int status, Map<String, String> headers,
                                          byte[] buffer, int bodyOffset, int bodyLength,
                                          DestinationRef defaultReplyDestination) throws WireFormatException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(bodyOffset, bodyLength, buffer.length);
        if (status < 100 || status > 599) {
            throw new WireFormatException("Status: " + status + " is not an HTTP status (100..599)");
        }
        Headers h = new Headers(headers);
        String target = h.get(WireHeader.DESTINATION);
        DestinationRef destination = target != null ? parseDestination(target, WireHeader.DESTINATION.headerName())
                : request.replyTo() != null ? request.replyTo()
                : Objects.requireNonNull(defaultReplyDestination, "defaultReplyDestination");
        if (destination.isTopic()) {
            // docs/wire-contract.md, "Replies are never published to a topic": no loops through PHP
            throw new WireFormatException(target != null
                    ? WireHeader.DESTINATION.headerName() + ": topics are not supported: " + target
                    : "the request's JMSReplyTo is a topic (" + formatDestination(destination)
                    + "): replies are never published to a topic");
        }

        String protocol = h.get(WireHeader.PROTOCOL);
        if (protocol != null && !KNOWN_PROTOCOLS.contains(protocol)) {
            throw new WireFormatException(WireHeader.PROTOCOL.headerName() + ": unsupported protocol version "
                    + WireFormatException.quote(protocol) + " (this provider reads " + WireRequestEncoder.OLDEST_PROTOCOL_VERSION
                    + " to " + WireRequestEncoder.PROTOCOL_VERSION + ", whose replies are the same)");
        }
        if (flag(h.get(WireHeader.ECHO), WireHeader.ECHO)) {
            return echoOf(request, destination, h, buffer, bodyOffset, bodyLength);
        }
        FpmEnvelope.Builder b = FpmEnvelope.builder(destination)
                .persistent(request.persistent())
                .priority(request.priority());

        String noCorrelation = h.get(WireHeader.NO_CORRELATION_ID);
        String correlation = h.get(WireHeader.CORRELATION_ID);
        if (correlation != null) {
            b.correlationId(PercentEncoding.decode(correlation, WireHeader.CORRELATION_ID.headerName()));
        } else if (!flag(noCorrelation, WireHeader.NO_CORRELATION_ID)) {
            b.correlationId(request.messageId());
        }
        String type = h.get(WireHeader.TYPE);
        if (type != null) {
            b.type(PercentEncoding.decode(type, WireHeader.TYPE.headerName()));
        }
        String priority = h.get(WireHeader.PRIORITY);
        if (priority != null) {
            b.priority((int) WireValues.integer(priority, 0, 9, "priority", WireHeader.PRIORITY.headerName()));
        }
        String mode = h.get(WireHeader.DELIVERY_MODE);
        if (mode != null) {
            b.persistent(persistent(mode));
        }
        String expiration = h.get(WireHeader.EXPIRATION);
        if (expiration != null) {
            b.expiration(WireValues.integer(expiration, 0, Long.MAX_VALUE, "epoch milliseconds", WireHeader.EXPIRATION.headerName()));
        }
        String replyTo = h.get(WireHeader.REPLY_TO);
        if (replyTo != null) {
            b.replyTo(parseDestination(replyTo, WireHeader.REPLY_TO.headerName()));
        }
        standInHeaders(b, h);
        String properties = h.get(WireHeader.PROPERTIES);
        if (properties != null) {
            b.properties(TypedJson.decodeProperties(properties, WireHeader.PROPERTIES.headerName()));
        }
        ReplyBody.decode(b, h, buffer, bodyOffset, bodyLength);
        return b.build();
    }

    /** The {@code X-Fpmjms-Protocol} values a reply may carry: the versions the encoder can send. */
    private static final List<String> KNOWN_PROTOCOLS = IntStream
            .rangeClosed(WireRequestEncoder.OLDEST_PROTOCOL_VERSION, WireRequestEncoder.PROTOCOL_VERSION)
            .mapToObj(Integer::toString).toList();

    private static final String FPMJMS_HEADER_PREFIX = "X-Fpmjms-";

    /** The headers that {@code X-Fpmjms-Echo: 1} takes from the request: a worker must not also send them. */
    private static final WireHeader[] ECHOED = {
        WireHeader.BODY_TYPE, WireHeader.BODY_NULL, WireHeader.CORRELATION_ID, WireHeader.NO_CORRELATION_ID,
        WireHeader.TYPE, WireHeader.PRIORITY, WireHeader.DELIVERY_MODE, WireHeader.EXPIRATION, WireHeader.REPLY_TO,
        WireHeader.MESSAGE_ID, WireHeader.TIMESTAMP, WireHeader.DELIVERY_TIME, WireHeader.PROPERTIES,
    };

    /**
     * {@code X-Fpmjms-Echo: 1}: the reply is the request as the worker received it (every JMS header
     * the request params carry, its properties, its body type and nullness) with the response
     * body, read as the request's body type.
     */
    private static FpmEnvelope echoOf(FpmEnvelope request, DestinationRef destination, Headers h,
                                      byte[] buffer, int bodyOffset, int bodyLength) throws WireFormatException {
        // A scan of the few header names rather than a lookup per echoed header.
        for (String name : h.names()) {
            if (name.regionMatches(true, 0, FPMJMS_HEADER_PREFIX, 0, FPMJMS_HEADER_PREFIX.length())) {
                for (WireHeader echoed : ECHOED) {
                    if (echoed.headerName().equalsIgnoreCase(name)) {
                        throw new WireFormatException(WireHeader.ECHO.headerName() + ": 1 takes every message header"
                                + " from the request; " + echoed.headerName() + " must not be sent with it");
                    }
                }
            }
        }
        // Every header and the properties (shared, not copied) as the request params carried them;
        // a new message: not redelivered, delivery count 0, as decodeReply's other replies.
        FpmEnvelope.Builder b = request.toBuilder()
                .destination(destination)
                .redelivered(false)
                .deliveryCount(0);
        BodyType type = request.bodyType();
        boolean isNull = request.body() == null && (type == BodyType.TEXT || type == BodyType.OBJECT);
        ReplyBody.decodeAs(b, type, isNull, WireHeader.ECHO.headerName() + " (the request's body is null)",
                buffer, bodyOffset, bodyLength);
        return b.build();
    }

    /** Message id, timestamp and delivery time, sent by workers that stand in for a queue (echo). */
    private static void standInHeaders(FpmEnvelope.Builder b, Headers h) throws WireFormatException {
        String messageId = h.get(WireHeader.MESSAGE_ID);
        if (messageId != null) {
            String id = PercentEncoding.decode(messageId, WireHeader.MESSAGE_ID.headerName());
            if (!id.startsWith("ID:")) {
                throw new WireFormatException(WireHeader.MESSAGE_ID.headerName() + ": message id "
                        + WireFormatException.quote(id) + " does not start with 'ID:'");
            }
            b.messageId(id);
        }
        String timestamp = h.get(WireHeader.TIMESTAMP);
        if (timestamp != null) {
            b.timestamp(WireValues.integer(timestamp, 0, Long.MAX_VALUE, "epoch milliseconds", WireHeader.TIMESTAMP.headerName()));
        }
        String deliveryTime = h.get(WireHeader.DELIVERY_TIME);
        if (deliveryTime != null) {
            b.deliveryTime(WireValues.integer(deliveryTime, 0, Long.MAX_VALUE, "epoch milliseconds", WireHeader.DELIVERY_TIME.headerName()));
        }
    }

    /**
     * Adds the provider's reply properties ({@link ProviderProperties#JMS_FPM_STATUS}, {@link ProviderProperties#JMS_FPM_STDERR},
     * {@link ProviderProperties#JMS_FPM_ATTEMPTS}, {@link ProviderProperties#JMS_FPM_WORKER_MILLIS}, {@link ProviderProperties#JMS_FPM_QUEUE}) to a reply
     * or dead letter. Stderr longer than {@link #MAX_STDERR_CHARS} is cut, with a marker saying how
     * much was left out; a {@code null} or empty stderr adds no property.
     */
    public static FpmEnvelope withProviderProperties(FpmEnvelope message, int status, String stderr, int attempts,
                                                     long workerMillis, String queue) {
        FpmEnvelope.Builder b = message.toBuilder()
                .property(ProviderProperties.JMS_FPM_STATUS, status)
                .property(ProviderProperties.JMS_FPM_ATTEMPTS, attempts)
                .property(ProviderProperties.JMS_FPM_WORKER_MILLIS, workerMillis)
                .property(ProviderProperties.JMS_FPM_QUEUE, queue);
        if (stderr != null && !stderr.isEmpty()) {
            b.property(ProviderProperties.JMS_FPM_STDERR, boundStderr(stderr));
        }
        return b.build();
    }

    /**
     * The trace context a worker gave its reply ({@code X-Fpmjms-Traceparent}, optionally with
     * {@code X-Fpmjms-Tracestate}; the PHP helper's {@code Reply::traceContext()}), or {@code null}
     * when it gave none.
     *
     * @param headers the response headers, as for {@link #decodeReply}
     * @throws WireFormatException the traceparent, or a tracestate sent with it, is not valid
     *                             (naming the header and the value); tracing never fails a
     *                             delivery, so callers fall back to the context they sent
     */
    public static TraceContext workerTraceContext(Map<String, String> headers) throws WireFormatException {
        Headers h = new Headers(headers);
        String parent = h.get(WireHeader.TRACEPARENT);
        String state = h.get(WireHeader.TRACESTATE);
        if (parent == null) {
            return null;
        }
        TraceContext context = TraceContext.parse(parent, state);
        if (context == null) {
            throw new WireFormatException(WireHeader.TRACEPARENT.headerName() + ": " + WireFormatException.quote(parent)
                    + " is not a W3C traceparent (version-traceid-parentid-flags, lowercase hex)");
        }
        if (state != null && !state.isEmpty() && context.tracestate() == null) {
            throw new WireFormatException(WireHeader.TRACESTATE.headerName() + ": " + WireFormatException.quote(state)
                    + " is not a W3C tracestate (key=value members, printable ASCII)");
        }
        return context;
    }

    static String boundStderr(String stderr) {
        if (stderr.length() <= MAX_STDERR_CHARS) {
            return stderr;
        }
        int cut = MAX_STDERR_CHARS;
        if (Character.isHighSurrogate(stderr.charAt(cut - 1))) {
            cut--;
        }
        return stderr.substring(0, cut) + "\n[fpm-jms: stderr cut, " + (stderr.length() - cut) + " more chars]";
    }

    /**
     * The wire form of a destination: {@code queue:NAME}, {@code temporary-queue:NAME} or
     * {@code topic:NAME}, NAME in percent form (see {@code docs/wire-contract.md}).
     */
    public static String formatDestination(DestinationRef destination) {
        String kind;
        switch (destination.kind()) {
            case QUEUE: kind = "queue:"; break;
            case TEMPORARY_QUEUE: kind = "temporary-queue:"; break;
            case TOPIC: kind = "topic:"; break;
            case TEMPORARY_TOPIC: kind = "temporary-topic:"; break;
            default: throw new AssertionError(destination.kind());
        }
        return kind + PercentEncoding.encode(destination.name());
    }

    /**
     * Parses the wire form of a destination ({@link #formatDestination}).
     *
     * @throws WireFormatException when the kind is unknown or the name empty or badly escaped
     */
    public static DestinationRef parseDestination(String text) throws WireFormatException {
        return parseDestination(text, "destination");
    }

    static DestinationRef parseDestination(String text, String what) throws WireFormatException {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon);
        DestinationRef.Kind k;
        switch (kind) {
            case "queue": k = DestinationRef.Kind.QUEUE; break;
            case "temporary-queue": k = DestinationRef.Kind.TEMPORARY_QUEUE; break;
            case "topic": k = DestinationRef.Kind.TOPIC; break;
            case "temporary-topic": k = DestinationRef.Kind.TEMPORARY_TOPIC; break;
            default:
                throw new WireFormatException(what + ": " + WireFormatException.quote(text)
                        + " is not a destination (expected queue:NAME, temporary-queue:NAME or topic:NAME)");
        }
        String name = PercentEncoding.decode(text.substring(colon + 1), what);
        if (name.isBlank()) {
            throw new WireFormatException(what + ": " + WireFormatException.quote(text) + " has a blank destination name");
        }
        return new DestinationRef(k, name);
    }

    private static boolean persistent(String mode) throws WireFormatException {
        switch (mode) {
            case "2":
            case "PERSISTENT":
                return true;
            case "1":
            case "NON_PERSISTENT":
                return false;
            default:
                throw new WireFormatException(WireHeader.DELIVERY_MODE.headerName() + ": " + WireFormatException.quote(mode)
                        + " is not a delivery mode (expected 1, 2, NON_PERSISTENT or PERSISTENT)");
        }
    }

    static boolean flag(String value, WireHeader header) throws WireFormatException {
        if (value == null || value.equals("0")) {
            return false;
        }
        if (value.equals("1")) {
            return true;
        }
        throw new WireFormatException(header.headerName() + ": " + WireFormatException.quote(value) + " is not 1 or 0");
    }

    /** Case-insensitive, trimmed header lookup over whatever map the caller passed. */
    static final class Headers {
        private final Map<String, String> map;
        /** Whether {@code map.get} already ignores case (a CgiResponse's headers): no scan needed. */
        private final boolean caseInsensitive;

        Headers(Map<String, String> map) {
            this.map = map;
            this.caseInsensitive = map instanceof java.util.SortedMap<String, String> sorted
                    && sorted.comparator() == String.CASE_INSENSITIVE_ORDER;
        }

        /** The header names as the response has them. */
        Set<String> names() {
            return map.keySet();
        }

        String get(WireHeader header) {
            String name = header.headerName();
            String v = map.get(name);
            if (v == null && !caseInsensitive) {
                for (Map.Entry<String, String> e : map.entrySet()) {
                    if (name.equalsIgnoreCase(e.getKey())) {
                        v = e.getValue();
                        break;
                    }
                }
            }
            return v == null ? null : v.trim();
        }
    }
}
