package dev.fpmjms.wire;

/**
 * The fpm-jms CGI params (see {@code docs/wire-contract.md}). Names use only {@code [A-Z0-9_]}:
 * PHP turns param names into {@code $_SERVER} keys and rewrites {@code .}, blanks and {@code [}.
 * Protocol 1 always sends the JMS headers; protocol 2 leaves out a header at its default (noted
 * below as "v2: absent when ...") and never sends {@link #FPMJMS_BODY_TYPE}.
 */
enum WireParam {
    /** The protocol version, {@code 1} or {@code 2}. */
    FPMJMS_PROTOCOL,
    /** The queue the message was sent to (percent form); the default route serves many. */
    FPMJMS_QUEUE,
    /** JMSDestination, {@code queue:NAME} (see {@link WireReplyDecoder#formatDestination}); v2: absent when it is the worker queue. */
    FPMJMS_DESTINATION,
    /** JMSMessageID (percent form); absent when ids are disabled. */
    FPMJMS_MESSAGE_ID,
    /** JMSTimestamp, epoch ms; v2: absent when 0 (timestamps disabled). */
    FPMJMS_TIMESTAMP,
    /** JMSCorrelationID (percent form); absent when null. */
    FPMJMS_CORRELATION_ID,
    /** JMSType (percent form); absent when null. */
    FPMJMS_TYPE,
    /** JMSDeliveryMode: {@code 1} NON_PERSISTENT, {@code 2} PERSISTENT (the JMS constants); v2: absent when 2. */
    FPMJMS_DELIVERY_MODE,
    /** JMSPriority, 0..9; v2: absent when 4. */
    FPMJMS_PRIORITY,
    /** JMSExpiration, epoch ms, 0 for never; v2: absent when 0. */
    FPMJMS_EXPIRATION,
    /** JMSDeliveryTime, epoch ms; v2: absent when equal to JMSTimestamp. */
    FPMJMS_DELIVERY_TIME,
    /** JMSRedelivered, {@code 1} or {@code 0} (PHP truthiness is right for both); v2: absent when 0. */
    FPMJMS_REDELIVERED,
    /** JMSXDeliveryCount: 1 on the first delivery; v2: absent when 1. */
    FPMJMS_DELIVERY_COUNT,
    /** JMSReplyTo, destination form; absent when null. */
    FPMJMS_REPLY_TO,
    /** NONE, TEXT, BYTES, MAP, STREAM or OBJECT; protocol 1 only (v2: {@code CONTENT_TYPE} tells). */
    FPMJMS_BODY_TYPE,
    /** {@code 1} when a TEXT or OBJECT body is null (as opposed to empty); absent otherwise. */
    FPMJMS_BODY_NULL,
    /** The properties as a typed JSON object; absent when there are none. */
    FPMJMS_PROPERTIES;

    /** Suffix of the param that counts the parts of a value too long for one FastCGI record. */
    static final String PARTS_SUFFIX = "_PARTS";
}
