package dev.fpmjms.message;

import jakarta.jms.JMSException;

/**
 * What {@link jakarta.jms.Message#acknowledge()} does for a delivered message. The session sets it
 * when it delivers a message in {@code CLIENT_ACKNOWLEDGE} mode; messages created by a producer
 * keep the default, which does nothing (as the spec requires for other modes).
 *
 * <p>Called on the application's thread; may block while the session acknowledges.
 */
@FunctionalInterface
public interface AcknowledgeCallback {

    /** A callback that does nothing. */
    AcknowledgeCallback NONE = () -> { };

    /**
     * Acknowledges the message it was set on (and, per the spec, all messages consumed before it by
     * the session).
     *
     * @throws JMSException {@code IllegalStateException} when the session is closed, or a failure
     *                      of the acknowledgement itself
     */
    void acknowledge() throws JMSException;
}
