package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Receives the records that a {@link FcgiResponseParser} reads, on the thread that calls
 * {@link FcgiResponseParser#feed}. Every method defaults to a no-op, so a listener overrides only
 * what it needs. A listener may throw {@link FcgiProtocolException} to reject what it got (a
 * wrong request id, a reply over a limit); the exception leaves {@code feed} unchanged and the
 * parser unusable.
 *
 * <p><b>Buffer ownership:</b> a {@code content} buffer is a view of the bytes passed to
 * {@code feed}, valid only during the call. Read its remaining bytes and copy what you keep;
 * never keep or modify the buffer itself.
 */
public interface FcgiResponseListener {

    /** Some bytes of a non-empty STDOUT record; a record may arrive in several calls. */
    default void onStdout(int requestId, ByteBuffer content) throws FcgiProtocolException {
    }

    /** Some bytes of a non-empty STDERR record; a record may arrive in several calls. */
    default void onStderr(int requestId, ByteBuffer content) throws FcgiProtocolException {
    }

    /**
     * The request ended.
     *
     * @param appStatus the application's exit status (a 32-bit value; php-fpm sends 0)
     */
    default void onEndRequest(int requestId, int appStatus, FcgiProtocolStatus status)
            throws FcgiProtocolException {
    }

    /** The answer to a {@code GET_VALUES} query; an unmodifiable map in wire order. */
    default void onGetValuesResult(Map<String, String> values) throws FcgiProtocolException {
    }

    /** The server did not understand a management record of type {@code unknownType}. */
    default void onUnknownType(int unknownType) throws FcgiProtocolException {
    }
}
