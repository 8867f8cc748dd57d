package dev.fpmjms.fastcgi;

/**
 * A reply went over a limit: its own size ({@link Limit#REPLY_SIZE}: the same reply will go over
 * it again) or the memory that replies may hold together ({@link Limit#REPLY_MEMORY}: it may fit
 * later). The message names the limit and its value.
 */
public final class FcgiLimitException extends FcgiProtocolException {

    /** Which kind of limit was hit. */
    public enum Limit {
        /** STDOUT or STDERR of one reply over its configured size. */
        REPLY_SIZE,
        /** The shared reply memory budget could not cover the next buffer. */
        REPLY_MEMORY
    }

    private final Limit limit;

    public FcgiLimitException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** Which kind of limit was hit. */
    public Limit limit() {
        return limit;
    }
}
