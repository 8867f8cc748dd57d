package dev.fpmjms.envelope;

/**
 * A message is over a size limit that it can never get under, so it is refused at {@code send()}
 * instead of failing in PHP on every attempt. The message names the limit, its value and the
 * message's size. The facade turns it into a {@code JMSException}.
 */
public final class MessageTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String message) {
        super(message);
    }
}
