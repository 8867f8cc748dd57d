package dev.fpmjms.engine;

/**
 * A subscription request that conflicts with an existing subscription of that name in use (another
 * topic, selector or kind while consumers are open); the facade turns it into a JMSException.
 */
public final class SubscriptionConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    public SubscriptionConflictException(String message) {
        super(message);
    }
}
