package dev.fpmjms.wire;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.FpmEnvelope;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a reply body: the body type comes from {@code X-Fpmjms-Body-Type}, else from the
 * {@code Content-Type}, else (no head at all) TEXT; an empty body without a declared type is NONE.
 * Stateless; thread-safe.
 */
final class ReplyBody {
    /** "reply body (TYPE)" per body type, for error messages, made once. */
    private static final String[] WHAT = java.util.Arrays.stream(BodyType.values())
            .map(t -> "reply body (" + t + ")").toArray(String[]::new);

    private ReplyBody() {
    }

    static void decode(FpmEnvelope.Builder b, WireReplyDecoder.Headers h, byte[] buf, int off, int len)
            throws WireFormatException {
        String contentType = h.get(WireHeader.CONTENT_TYPE);
        String mediaType = contentType == null ? null : mediaType(contentType);
        boolean isNull = WireReplyDecoder.flag(h.get(WireHeader.BODY_NULL), WireHeader.BODY_NULL);
        BodyType type = bodyType(h.get(WireHeader.BODY_TYPE), mediaType, len);
        if (type == BodyType.TEXT && !isNull) {
            b.body(BodyType.TEXT, text(contentType, buf, off, len));
            return;
        }
        decodeAs(b, type, isNull, WireHeader.BODY_NULL.headerName(), buf, off, len);
    }

    /**
     * Reads a body of a known type (TEXT as UTF-8, in the WTF-8 form the request encoder writes).
     *
     * @param nullWhy names the header (or request param) that made the body null, for errors
     */
    static void decodeAs(FpmEnvelope.Builder b, BodyType type, boolean isNull, String nullWhy,
                         byte[] buf, int off, int len) throws WireFormatException {
        String what = WHAT[type.ordinal()];
        if (isNull) {
            if (type != BodyType.TEXT && type != BodyType.OBJECT) {
                throw new WireFormatException(nullWhy + ": only TEXT and OBJECT bodies can be null, not " + type);
            }
            if (len != 0) {
                throw new WireFormatException(nullWhy + ": a null body must be empty, found " + len + " bytes");
            }
            b.body(type, null);
            return;
        }
        switch (type) {
            case NONE:
                if (len != 0) {
                    throw new WireFormatException(what + ": body type NONE but the body has " + len + " bytes");
                }
                b.body(BodyType.NONE, null);
                return;
            case TEXT:
                b.body(BodyType.TEXT, Wtf8.decode(buf, off, len));
                return;
            case BYTES:
            case OBJECT:
                b.body(type, Arrays.copyOfRange(buf, off, off + len));
                return;
            case MAP:
                b.body(BodyType.MAP, TypedJson.decodeMap(Wtf8.decode(buf, off, len), what));
                return;
            case STREAM:
                b.body(BodyType.STREAM, TypedJson.decodeStream(Wtf8.decode(buf, off, len), what));
                return;
            default:
                throw new AssertionError(type);
        }
    }

    private static BodyType bodyType(String declared, String mediaType, int len) throws WireFormatException {
        if (declared != null) {
            for (BodyType t : BodyType.values()) {
                if (t.name().equalsIgnoreCase(declared)) {
                    return t;
                }
            }
            throw new WireFormatException(WireHeader.BODY_TYPE.headerName() + ": unknown body type "
                    + WireFormatException.quote(declared) + " (expected NONE, TEXT, BYTES, MAP, STREAM or OBJECT)");
        }
        if (len == 0) {
            return BodyType.NONE;
        }
        if (mediaType == null) {
            return BodyType.TEXT;
        }
        switch (mediaType) {
            case WireRequestEncoder.MAP_CONTENT_TYPE: return BodyType.MAP;
            case WireRequestEncoder.STREAM_CONTENT_TYPE: return BodyType.STREAM;
            case WireRequestEncoder.OBJECT_CONTENT_TYPE: return BodyType.OBJECT;
            case WireRequestEncoder.BYTES_CONTENT_TYPE: return BodyType.BYTES;
            default:
                return isTextual(mediaType) ? BodyType.TEXT : BodyType.BYTES;
        }
    }

    private static boolean isTextual(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.endsWith("+json") || mediaType.endsWith("+xml")
                || mediaType.equals("application/json") || mediaType.equals("application/xml")
                || mediaType.equals("application/javascript") || mediaType.equals("application/x-www-form-urlencoded");
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String text(String contentType, byte[] buf, int off, int len) throws WireFormatException {
        String charset = charset(contentType);
        if (charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8")) {
            return Wtf8.decode(buf, off, len);
        }
        try {
            return new String(buf, off, len, Charset.forName(charset));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new WireFormatException(WireHeader.CONTENT_TYPE.headerName() + ": unsupported charset "
                    + WireFormatException.quote(charset), e);
        }
    }

    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        int at = 0;
        while ((at = contentType.indexOf(';', at)) >= 0) {
            at++;
            int eq = contentType.indexOf('=', at);
            if (eq < 0) {
                return null;
            }
            if (contentType.substring(at, eq).trim().equalsIgnoreCase("charset")) {
                int end = contentType.indexOf(';', eq);
                String v = (end < 0 ? contentType.substring(eq + 1) : contentType.substring(eq + 1, end)).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }
}
