package dev.fpmjms.envelope;

import java.util.Map;
import java.util.Objects;

/**
 * A W3C Trace Context (a {@code traceparent} and an optional {@code tracestate}) that passed
 * validation, and the rule that reads one from a message: the String properties
 * {@value #TRACEPARENT} and {@value #TRACESTATE}, the names OpenTelemetry's JMS instrumentation
 * writes (it sets each propagation field as a String property of the field's name).
 *
 * <p>{@code traceparent} is {@code version-traceid-parentid-flags}: lowercase hex, 2-32-16-2
 * digits; version {@code ff} is invalid; version {@code 00} is exactly 55 characters, a later
 * version may add fields after a {@code -} (kept as sent); trace id and parent id are not all
 * zeros. {@code tracestate} is at most 32 comma-separated {@code key=value} members with the W3C
 * key and value grammar (printable ASCII). Blanks and tabs around either value are dropped. The
 * PHP helper's {@code FpmJms\TraceContext::parse} applies the same traceparent rule (it keeps a
 * tracestate unchecked: the provider never sends one that is not valid). A value that is not valid is never forwarded; an invalid {@code tracestate} alone drops only
 * the tracestate (W3C: the traceparent stands without it). Both values are printable ASCII, safe
 * as CGI params and header lines.
 *
 * <p>Immutable; the parse methods are pure, allocate nothing for a message without a context and
 * use no regular expressions (they run on the dispatch path).
 */
public final class TraceContext {

    /** The message property (String) and, lowercase, the W3C header that carry the traceparent. */
    public static final String TRACEPARENT = "traceparent";
    /** The message property (String) and, lowercase, the W3C header that carry the tracestate. */
    public static final String TRACESTATE = "tracestate";

    /** Length of a version 00 traceparent: {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2. */
    private static final int TRACEPARENT_LENGTH = 55;
    private static final int MAX_TRACESTATE_MEMBERS = 32;
    private static final int MAX_KEY_LENGTH = 256;
    private static final int MAX_VALUE_LENGTH = 256;

    private final String traceparent;
    private final String tracestate;

    private TraceContext(String traceparent, String tracestate) {
        this.traceparent = traceparent;
        this.tracestate = tracestate;
    }

    /**
     * The context of a traceparent and tracestate, or {@code null} when the traceparent is absent
     * or not valid.
     *
     * @param traceparent the traceparent as received, or {@code null}
     * @param tracestate  the tracestate as received, or {@code null}; empty or not valid is none
     */
    public static TraceContext parse(String traceparent, String tracestate) {
        if (traceparent == null) {
            return null;
        }
        String parent = trim(traceparent);
        if (!isValidTraceparent(parent)) {
            return null;
        }
        String state = tracestate == null ? null : trim(tracestate);
        return new TraceContext(parent, state == null || state.isEmpty() || !isValidTracestate(state) ? null : state);
    }

    /**
     * The context a message carries in its properties {@value #TRACEPARENT} and {@value #TRACESTATE},
     * or {@code null} when it has none or its traceparent is not a valid String.
     */
    public static TraceContext of(FpmEnvelope message) {
        Map<String, Object> properties = message.properties();
        if (properties.isEmpty()) {
            return null;
        }
        Object parent = properties.get(TRACEPARENT);
        if (parent == null) {
            return null;
        }
        Object state = properties.get(TRACESTATE);
        return parent instanceof String p ? parse(p, state instanceof String s ? s : null) : null;
    }

    /**
     * What is wrong with a message's trace properties, for a log line; {@code null} when the
     * message has no {@value #TRACEPARENT} property or both properties are valid.
     */
    public static String problem(FpmEnvelope message) {
        Object parent = message.properties().get(TRACEPARENT);
        if (parent == null) {
            return null;
        }
        if (!(parent instanceof String p)) {
            return "property " + TRACEPARENT + " is a " + parent.getClass().getSimpleName() + ", not a String";
        }
        if (!isValidTraceparent(trim(p))) {
            return "property " + TRACEPARENT + " '" + shorten(p) + "' is not version-traceid-parentid-flags"
                    + " (lowercase hex, 2-32-16-2 digits, ids not all zeros, version not ff)";
        }
        Object state = message.properties().get(TRACESTATE);
        if (state != null && !(state instanceof String)) {
            return "property " + TRACESTATE + " is a " + state.getClass().getSimpleName() + ", not a String";
        }
        if (state != null && !trim((String) state).isEmpty() && !isValidTracestate(trim((String) state))) {
            return "property " + TRACESTATE + " '" + shorten((String) state) + "' is not a W3C tracestate"
                    + " (at most " + MAX_TRACESTATE_MEMBERS + " key=value members, printable ASCII)";
        }
        return null;
    }

    /**
     * The message with the String properties {@value #TRACEPARENT} and {@value #TRACESTATE} of
     * {@code context} (a property of that name it had is replaced; its tracestate is removed when
     * the context has none); the same message when {@code context} is {@code null} or already on it.
     */
    public static FpmEnvelope carried(FpmEnvelope message, TraceContext context) {
        if (context == null) {
            return message;
        }
        Map<String, Object> p = message.properties();
        if (context.traceparent.equals(p.get(TRACEPARENT)) && Objects.equals(context.tracestate, p.get(TRACESTATE))) {
            return message;
        }
        return message.toBuilder().property(TRACEPARENT, context.traceparent).property(TRACESTATE, context.tracestate).build();
    }

    /** The traceparent, valid and trimmed. */
    public String traceparent() {
        return traceparent;
    }

    /** The tracestate, valid and trimmed, or {@code null} for none. */
    public String tracestate() {
        return tracestate;
    }

    /** The trace id: 32 lowercase hex digits. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /** The span id of the sender (the parent of whoever continues the trace): 16 lowercase hex digits. */
    public String parentId() {
        return traceparent.substring(36, 52);
    }

    /** Whether the sender sampled the trace (trace flag {@code 01}). */
    public boolean sampled() {
        return (Character.digit(traceparent.charAt(54), 16) & 1) == 1;
    }

    /** Whether {@code s} (already trimmed) is a valid traceparent. */
    static boolean isValidTraceparent(String s) {
        int n = s.length();
        if (n < TRACEPARENT_LENGTH || s.charAt(2) != '-' || s.charAt(35) != '-' || s.charAt(52) != '-') {
            return false;
        }
        if (!isHex(s, 0, 2) || !isHex(s, 3, 35) || !isHex(s, 36, 52) || !isHex(s, 53, 55)) {
            return false;
        }
        boolean v00 = s.charAt(0) == '0' && s.charAt(1) == '0';
        if (s.charAt(0) == 'f' && s.charAt(1) == 'f' || v00 && n != TRACEPARENT_LENGTH) {
            return false;
        }
        if (n > TRACEPARENT_LENGTH && (s.charAt(TRACEPARENT_LENGTH) != '-' || !isPrintable(s, TRACEPARENT_LENGTH, n))) {
            return false;
        }
        return !isZero(s, 3, 35) && !isZero(s, 36, 52);
    }

    /** Whether {@code s} (already trimmed, not empty) is a valid tracestate list. */
    static boolean isValidTracestate(String s) {
        int members = 0;
        int start = 0;
        while (start <= s.length()) {
            int comma = s.indexOf(',', start);
            int end = comma < 0 ? s.length() : comma;
            int from = start;
            int to = end;
            while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
                to--;
            }
            if (from < to) { // an empty member is allowed and ignored
                if (++members > MAX_TRACESTATE_MEMBERS || !isMember(s, from, to)) {
                    return false;
                }
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return members > 0;
    }

    /** One {@code key=value} list member, {@code s[from, to)}. */
    private static boolean isMember(String s, int from, int to) {
        int eq = s.indexOf('=', from);
        if (eq < 0 || eq >= to) {
            return false;
        }
        return isKey(s, from, eq) && isValue(s, eq + 1, to);
    }

    /** W3C key: {@code [a-z0-9][a-z0-9_\-*\/]*}, at most 256, or {@code tenant@system} (tenant up to 241, system up to 14). */
    private static boolean isKey(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > MAX_KEY_LENGTH) {
            return false;
        }
        int at = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '*' || c == '/')) {
                return false;
            }
        }
        if (!isKeyStart(s.charAt(from))) {
            return false;
        }
        if (at < 0) {
            return true;
        }
        int tenant = at - from;
        int system = to - at - 1;
        return tenant <= 241 && system >= 1 && system <= 14 && isKeyStart(s.charAt(at + 1)) && s.charAt(at + 1) >= 'a';
    }

    private static boolean isKeyStart(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /** W3C value: 1 to 256 chars of {@code 0x20..0x7E} except {@code ,} and {@code =}, not ending in a blank. */
    private static boolean isValue(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > MAX_VALUE_LENGTH || s.charAt(to - 1) == ' ') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ',' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintable(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Drops blanks and tabs at both ends (not other whitespace: a CR or LF makes the value invalid). */
    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    private static String shorten(String s) {
        String printable = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder b = new StringBuilder(printable.length());
        for (int i = 0; i < printable.length(); i++) {
            char c = printable.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceContext t && traceparent.equals(t.traceparent) && Objects.equals(tracestate, t.tracestate);
    }

    @Override
    public int hashCode() {
        return traceparent.hashCode() * 31 + Objects.hashCode(tracestate);
    }

    @Override
    public String toString() {
        return tracestate == null ? traceparent : traceparent + ";" + tracestate;
    }
}
