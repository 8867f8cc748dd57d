package dev.fpmjms.admin;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.gateway.DeadLetters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dead letter as an operator sees it: why it failed ({@code JMS_FPM_*} properties, see
 * {@code docs/delivery-outcomes.md}), where it came from, and the message itself. Immutable.
 *
 * @param messageId           JMSMessageID, or {@code null} when its producer disabled message ids
 * @param originalDestination {@code JMS_FPM_ORIGINAL_DESTINATION}: a worker queue's name, or
 *                            {@code KIND:name} for a reply or a listener failure; {@code null} when absent
 * @param workerQueue         the worker queue a replay sends it to, or {@code null} when it came
 *                            from none (then it cannot be replayed, see {@link DeadLetters#workerQueue})
 * @param failure             {@code JMS_FPM_FAILURE}: {@code <OUTCOME>: <detail>}, or {@code null}
 * @param status              {@code JMS_FPM_STATUS}: the worker's last status, {@code -1} when none
 * @param attempts            {@code JMS_FPM_ATTEMPTS}: deliveries made to PHP, {@code -1} when absent
 * @param stderr              {@code JMS_FPM_STDERR}: the last stderr text, {@code ""} when none
 * @param timestamp           JMSTimestamp (epoch ms) of the original send, 0 when disabled
 * @param persistent          JMSDeliveryMode is PERSISTENT (then the dead letter is journaled)
 * @param priority            JMSPriority
 * @param correlationId       JMSCorrelationID or {@code null}
 * @param type                JMSType or {@code null}
 * @param bodyType            the JMS body type ({@link BodyType} name)
 * @param body                the body for reading: a text up to {@value #MAX_BODY_CHARS} characters
 *                            (cut texts end in {@code ...}), {@code <N bytes>} for bytes and object
 *                            bodies, a map's or stream's items; {@code ""} without a body
 * @param properties          the message's own properties (the {@code JMS_FPM_*} ones left out),
 *                            in their order; unmodifiable
 */
public record DeadLetter(String messageId, String originalDestination, String workerQueue, String failure, int status,
                         int attempts, String stderr, long timestamp, boolean persistent, int priority,
                         String correlationId, String type, String bodyType, String body,
                         Map<String, Object> properties) {

    /** The most characters of a body that {@link #body()} shows. */
    public static final int MAX_BODY_CHARS = 2000;

    public DeadLetter {
        stderr = stderr == null ? "" : stderr;
        body = body == null ? "" : body;
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The dead letter that {@code envelope}, a message on the dead-letter queue, is. */
    public static DeadLetter of(FpmEnvelope envelope) {
        Map<String, Object> p = envelope.properties();
        Map<String, Object> own = new LinkedHashMap<>();
        p.forEach((name, value) -> {
            if (!name.startsWith(ProviderProperties.JMS_FPM_PREFIX)) {
                own.put(name, value);
            }
        });
        return new DeadLetter(envelope.messageId(), text(p.get(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION)),
                DeadLetters.workerQueue(envelope), text(p.get(ProviderProperties.JMS_FPM_FAILURE)),
                number(p.get(ProviderProperties.JMS_FPM_STATUS)), number(p.get(ProviderProperties.JMS_FPM_ATTEMPTS)),
                text(p.get(ProviderProperties.JMS_FPM_STDERR)), envelope.timestamp(), envelope.persistent(),
                envelope.priority(), envelope.correlationId(), envelope.type(), envelope.bodyType().name(),
                bodyText(envelope), own);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : -1;
    }

    private static String bodyText(FpmEnvelope e) {
        Object body = e.body();
        if (body == null) {
            return "";
        }
        if (body instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        String s = body.toString();
        return s.length() <= MAX_BODY_CHARS ? s : s.substring(0, MAX_BODY_CHARS) + "...";
    }

    /** The first line of {@link #failure()} (or {@code ""}), for one-line listings. */
    public String failureLine() {
        if (failure == null) {
            return "";
        }
        int nl = failure.indexOf('\n');
        return nl < 0 ? failure : failure.substring(0, nl);
    }
}
