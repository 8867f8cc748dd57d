package dev.fpmjms.wire;

/**
 * A worker's reply (or a wire value) does not follow the fpm-jms wire contract
 * ({@code docs/wire-contract.md}). The message names the header, property or body part that was
 * wrong and, shortened, the value found.
 */
public class WireFormatException extends Exception {

    /** Creates an exception with a message that names what was wrong. */
    public WireFormatException(String message) {
        super(message);
    }

    /** Creates an exception with a message that names what was wrong and the cause. */
    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A value shortened for an error message, quoted. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 64 ? "'" + value + "'" : "'" + value.substring(0, 64) + "...' (" + value.length() + " chars)";
    }
}
