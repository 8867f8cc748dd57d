package dev.fpmjms.store;

/** Bytes that do not decode as the codec expects: a bad tag, a length past the end, an unknown version. */
final class MalformedRecordException extends RuntimeException {
    MalformedRecordException(String message) {
        super(message);
    }
}
