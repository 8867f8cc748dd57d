package dev.fpmjms.fastcgi;

/**
 * Sizes, limits and the header writer of the FastCGI record layout:
 * <pre>
 * struct header {                 struct beginRequestBody {      struct endRequestBody {
 *     ubyte version;    // 1          ushort role;                   uint appStatus;
 *     ubyte type;                     ubyte flags; // 1 = KEEP_CONN  ubyte protocolStatus;
 *     ushort requestId;               ubyte[5] reserved;             ubyte[3] reserved;
 *     ushort contentLength;       }                              }
 *     ubyte paddingLength;
 *     ubyte reserved;             struct unknownTypeBody {
 * }                                   ubyte type;
 *                                     ubyte[7] reserved;
 *                                 }
 * </pre>
 * All multi-byte integers are big endian.
 */
final class FcgiRecordLayout {

    static final int VERSION_1 = 1;
    static final int HEADER_LENGTH = 8;
    static final int MAX_CONTENT_LENGTH = 0xFFFF;
    static final int MIN_REQUEST_ID = 1;
    static final int MAX_REQUEST_ID = 0xFFFF;
    static final int MANAGEMENT_REQUEST_ID = 0;
    static final int BEGIN_REQUEST_BODY_LENGTH = 8;
    static final int END_REQUEST_BODY_LENGTH = 8;
    static final int UNKNOWN_TYPE_BODY_LENGTH = 8;
    static final int FLAG_KEEP_CONN = 1;

    private FcgiRecordLayout() {
    }

    /** Writes one header at {@code off}; returns the offset after it. No padding is ever written. */
    static int putHeader(byte[] dst, int off, FcgiRecordType type, int requestId, int contentLength) {
        dst[off] = (byte) VERSION_1;
        dst[off + 1] = (byte) type.code();
        dst[off + 2] = (byte) (requestId >>> 8);
        dst[off + 3] = (byte) requestId;
        dst[off + 4] = (byte) (contentLength >>> 8);
        dst[off + 5] = (byte) contentLength;
        dst[off + 6] = 0; // paddingLength
        dst[off + 7] = 0; // reserved
        return off + HEADER_LENGTH;
    }

    static void checkRequestId(int requestId) {
        if (requestId < MIN_REQUEST_ID || requestId > MAX_REQUEST_ID) {
            throw new IllegalArgumentException("FastCGI request id must be " + MIN_REQUEST_ID
                    + ".." + MAX_REQUEST_ID + ", was " + requestId);
        }
    }
}
