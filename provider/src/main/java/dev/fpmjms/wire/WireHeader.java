package dev.fpmjms.wire;

/**
 * The reply headers a worker may set, the same in protocol versions 1 and 2 (see {@code docs/wire-contract.md}).
 * Header names are case-insensitive. String values are in percent form (ASCII).
 */
enum WireHeader {
    PROTOCOL("X-Fpmjms-Protocol"),
    BODY_TYPE("X-Fpmjms-Body-Type"),
    BODY_NULL("X-Fpmjms-Body-Null"),
    CORRELATION_ID("X-Fpmjms-Correlation-Id"),
    NO_CORRELATION_ID("X-Fpmjms-No-Correlation-Id"),
    TYPE("X-Fpmjms-Type"),
    PRIORITY("X-Fpmjms-Priority"),
    DELIVERY_MODE("X-Fpmjms-Delivery-Mode"),
    EXPIRATION("X-Fpmjms-Expiration"),
    REPLY_TO("X-Fpmjms-Reply-To"),
    DESTINATION("X-Fpmjms-Destination"),
    MESSAGE_ID("X-Fpmjms-Message-Id"),
    TIMESTAMP("X-Fpmjms-Timestamp"),
    DELIVERY_TIME("X-Fpmjms-Delivery-Time"),
    PROPERTIES("X-Fpmjms-Properties"),
    ECHO("X-Fpmjms-Echo"),
    RETRY("X-Fpmjms-Retry"),
    TRACEPARENT("X-Fpmjms-Traceparent"),
    TRACESTATE("X-Fpmjms-Tracestate"),
    CONTENT_TYPE("Content-Type");

    private final String headerName;

    WireHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The header name as documented. */
    String headerName() {
        return headerName;
    }
}
