package dev.fpmjms.engine;

/** A destination that does not exist; the facade turns it into InvalidDestinationException. */
public final class UnknownDestinationException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownDestinationException(String message) {
        super(message);
    }
}
