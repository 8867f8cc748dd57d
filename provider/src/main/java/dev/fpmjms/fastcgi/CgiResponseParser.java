package dev.fpmjms.fastcgi;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a worker's STDOUT into a CGI head and body (RFC 3875 section 6).
 *
 * <p>The head is header lines {@code Name: value} ended by LF or CRLF, then a blank line. Names
 * are HTTP tokens, values are trimmed and read as UTF-8. {@code Status: 404 Not Found} (the
 * reason is optional) sets the status and is not kept as a header; without it the status is
 * 302 if there is a {@code Location} header, else 200. Repeated headers are joined with
 * {@code ", "} (in time linear in the head's size). A head of more than
 * {@value #MAX_HEADER_LINES} header lines is refused: no reply of the wire contract needs that
 * many, and each line costs a map entry.
 *
 * <p>Output whose first line is not a header line (nor blank) has no head: status 200, no
 * headers, the whole output is the body. A head that does not end within {@code maxHeadBytes}
 * bytes (blank line included), a head that never ends, a malformed later line, a bad or repeated
 * {@code Status} is a {@link FcgiProtocolException} naming the problem.
 *
 * <p>Stateless and thread-safe. The body is not copied: the response views {@code stdout}.
 */
public final class CgiResponseParser {

    /** The most header lines a head may have ({@code Status} included). */
    public static final int MAX_HEADER_LINES = 1_000;

    private static final int DEFAULT_STATUS = 200;
    private static final int REDIRECT_STATUS = 302;
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;
    private static final int STATUS_DIGITS = 3;
    private static final int MAX_QUOTED = 40;
    private static final String STATUS = "Status";
    private static final String LOCATION = "Location";

    private CgiResponseParser() {
    }

    /**
     * Parses {@code stdout}, which the returned response then shares.
     *
     * @param maxHeadBytes the largest head accepted, blank line included
     * @throws FcgiProtocolException the head is too long, unterminated or malformed
     */
    public static CgiResponse parse(byte[] stdout, int maxHeadBytes) throws FcgiProtocolException {
        if (maxHeadBytes < 0) {
            throw new IllegalArgumentException("maxHeadBytes must be >= 0, was " + maxHeadBytes);
        }
        int scanLimit = Math.min(stdout.length, maxHeadBytes);
        if (!startsWithHead(stdout, scanLimit)) {
            return new CgiResponse(DEFAULT_STATUS, CgiReasonPhrases.of(DEFAULT_STATUS), Map.of(),
                    stdout, 0, stdout.length);
        }
        CgiResponse.ParsedHeaders headers = new CgiResponse.ParsedHeaders();
        // Repeated headers are collected here and joined once at the end: joining as they come
        // copies the growing value for every repeat (quadratic in the number of repeats).
        Map<String, StringBuilder> repeated = null;
        String statusLine = null;
        int pos = 0;
        for (int lineNumber = 1; ; lineNumber++) {
            int lf = indexOfLf(stdout, pos, scanLimit);
            if (lf < 0) {
                throw unterminated(stdout.length, maxHeadBytes);
            }
            int end = lf > pos && stdout[lf - 1] == '\r' ? lf - 1 : lf;
            if (end == pos) {
                pos = lf + 1;
                break;
            }
            if (lineNumber > MAX_HEADER_LINES) {
                throw new FcgiProtocolException("CGI response head has more than " + MAX_HEADER_LINES
                        + " header lines (the limit of header lines of a reply)");
            }
            int colon = tokenEnd(stdout, pos, end);
            if (colon == pos || colon == end || stdout[colon] != ':') {
                throw new FcgiProtocolException("malformed CGI header line " + lineNumber + ": '"
                        + excerpt(stdout, pos, end) + "'");
            }
            String name = new String(stdout, pos, colon - pos, StandardCharsets.ISO_8859_1);
            String value = trimmedUtf8(stdout, colon + 1, end);
            if (name.equalsIgnoreCase(STATUS)) {
                if (statusLine != null) {
                    throw new FcgiProtocolException("repeated CGI Status header: '" + statusLine
                            + "' and '" + value + "'");
                }
                statusLine = value;
            } else {
                String first = headers.putIfAbsent(name, value);
                if (first != null) {
                    if (repeated == null) {
                        repeated = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    }
                    repeated.computeIfAbsent(name, k -> new StringBuilder(first)).append(", ").append(value);
                }
            }
            pos = lf + 1;
        }
        if (repeated != null) {
            for (Map.Entry<String, StringBuilder> e : repeated.entrySet()) {
                headers.put(e.getKey(), e.getValue().toString());
            }
        }
        int status;
        String reason;
        if (statusLine != null) {
            status = parseStatusCode(statusLine);
            reason = statusLine.length() > STATUS_DIGITS
                    ? statusLine.substring(STATUS_DIGITS + 1).strip() : "";
            if (reason.isEmpty()) {
                reason = CgiReasonPhrases.of(status);
            }
        } else {
            status = headers.containsKey(LOCATION) ? REDIRECT_STATUS : DEFAULT_STATUS;
            reason = CgiReasonPhrases.of(status);
        }
        return new CgiResponse(status, reason, headers, stdout, pos, stdout.length - pos);
    }

    /** A blank first line (empty head) or {@code token ":"} within the scanned bytes. */
    private static boolean startsWithHead(byte[] b, int limit) {
        if (limit == 0) {
            return false;
        }
        if (b[0] == '\n' || (b[0] == '\r' && limit > 1 && b[1] == '\n')) {
            return true;
        }
        int end = tokenEnd(b, 0, limit);
        return end > 0 && end < limit && b[end] == ':';
    }

    private static FcgiProtocolException unterminated(int length, int maxHeadBytes) {
        if (length > maxHeadBytes) {
            return new FcgiProtocolException("CGI response head exceeds the limit of "
                    + maxHeadBytes + " bytes (maxHeadBytes)");
        }
        return new FcgiProtocolException("CGI response head does not end: no blank line in the "
                + length + " bytes of STDOUT");
    }

    /** 3 digits, 100..599, then the end or a space. */
    private static int parseStatusCode(String line) throws FcgiProtocolException {
        boolean ok = line.length() >= STATUS_DIGITS
                && (line.length() == STATUS_DIGITS || line.charAt(STATUS_DIGITS) == ' ');
        int code = 0;
        for (int i = 0; ok && i < STATUS_DIGITS; i++) {
            char c = line.charAt(i);
            ok = c >= '0' && c <= '9';
            code = code * 10 + (c - '0');
        }
        if (!ok || code < MIN_STATUS || code > MAX_STATUS) {
            throw new FcgiProtocolException("invalid CGI Status header '" + quote(line)
                    + "' (expected a code " + MIN_STATUS + ".." + MAX_STATUS
                    + " and an optional reason)");
        }
        return code;
    }

    private static int indexOfLf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first byte in [from, to) that is not an HTTP token character. */
    private static int tokenEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && isTokenChar(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(byte c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    private static String trimmedUtf8(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** Up to 40 bytes for an error message, non-printable ones as '?'. */
    private static String excerpt(byte[] b, int from, int to) {
        int end = Math.min(to, from + MAX_QUOTED);
        StringBuilder sb = new StringBuilder(end - from + 3);
        for (int i = from; i < end; i++) {
            sb.append(b[i] >= 0x20 && b[i] < 0x7F ? (char) b[i] : '?');
        }
        return end < to ? sb.append("...").toString() : sb.toString();
    }

    private static String quote(String s) {
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
    }
}
