package dev.fpmjms.store;

/**
 * The message store could not do what was asked: an I/O error of the journal, a record over the
 * size limit, a store that is closed or failed earlier. The facade turns it into a
 * {@code JMSException} with this as the cause. The message it concerns was not stored.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
