package dev.fpmjms.envelope;

/**
 * The names of the properties fpm-jms itself puts on replies and dead letters (the {@code JMS_FPM_}
 * namespace, documented in {@code docs/delivery-outcomes.md} and {@code docs/wire-contract.md}):
 * one home that the wire (which sets them on replies), the engine (dead letters) and the facade
 * (listener failures) share without depending on each other.
 */
public final class ProviderProperties {

    /** Reply property: the worker's HTTP status (int). */
    public static final String JMS_FPM_STATUS = "JMS_FPM_STATUS";
    /** Reply / dead-letter property: the worker's FastCGI stderr, bounded (String). */
    public static final String JMS_FPM_STDERR = "JMS_FPM_STDERR";
    /** Reply / dead-letter property: deliveries made to php-fpm for the request (int). */
    public static final String JMS_FPM_ATTEMPTS = "JMS_FPM_ATTEMPTS";
    /** Reply / dead-letter property: milliseconds from writing the request to the end of the reply (long). */
    public static final String JMS_FPM_WORKER_MILLIS = "JMS_FPM_WORKER_MILLIS";
    /** Reply / dead-letter property: the worker queue that served the request (String). */
    public static final String JMS_FPM_QUEUE = "JMS_FPM_QUEUE";
    /** Dead-letter property: where the message was going when it failed (String). */
    public static final String JMS_FPM_ORIGINAL_DESTINATION = "JMS_FPM_ORIGINAL_DESTINATION";
    /** Dead-letter property: the outcome class and what happened (String). */
    public static final String JMS_FPM_FAILURE = "JMS_FPM_FAILURE";
    /** Browser-only property: a worker-queue request that waits for dispatch to PHP (boolean true). */
    public static final String JMS_FPM_WAITING = "JMS_FPM_WAITING";
    /** The prefix of every fpm-jms provider property. */
    public static final String JMS_FPM_PREFIX = "JMS_FPM_";

    private ProviderProperties() {
    }
}
