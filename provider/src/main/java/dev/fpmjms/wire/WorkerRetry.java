package dev.fpmjms.wire;

import java.util.Map;

/**
 * What a failing worker asks for with {@code X-Fpmjms-Retry} ({@code docs/wire-contract.md},
 * "What the worker can ask for"): {@code never} (dead-letter now, whatever the retry policy) or
 * {@code after=N} (retry after N seconds, 0 to {@value #MAX_AFTER_SECONDS}; still within the
 * policy's {@code maxAttempts}). Read only from replies with a failure status (4xx, 5xx); a
 * success ignores it. Stateless.
 */
public final class WorkerRetry {
    /** {@link #read} when the worker asked nothing: the route's retry policy decides. */
    public static final long POLICY = -1;
    /** {@link #read} for {@code never}: dead-letter on this attempt. */
    public static final long NEVER = -2;
    /** The longest delay a worker may ask for, in seconds (a day). */
    public static final long MAX_AFTER_SECONDS = 86_400;

    private WorkerRetry() {
    }

    /**
     * The worker's request in {@code headers} (a CGI response head; names in any case).
     *
     * @return {@link #POLICY}, {@link #NEVER} or the delay in milliseconds
     * @throws WireFormatException a value other than {@code never} or {@code after=N} with N a
     *                             whole number of seconds from 0 to {@value #MAX_AFTER_SECONDS},
     *                             named with the header
     */
    public static long read(Map<String, String> headers) throws WireFormatException {
        String v = new WireReplyDecoder.Headers(headers).get(WireHeader.RETRY);
        if (v == null) {
            return POLICY;
        }
        if (v.equalsIgnoreCase("never")) {
            return NEVER;
        }
        String name = WireHeader.RETRY.headerName();
        if (v.regionMatches(true, 0, "after=", 0, 6)) {
            String n = v.substring(6).trim();
            if (!n.isEmpty() && n.length() <= 6 && n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                long seconds = Long.parseLong(n);
                if (seconds <= MAX_AFTER_SECONDS) {
                    return seconds * 1000;
                }
            }
            throw new WireFormatException(name + ": after= takes whole seconds from 0 to " + MAX_AFTER_SECONDS
                    + ", not " + WireFormatException.quote(n));
        }
        throw new WireFormatException(name + ": expected 'never' or 'after=<seconds>', not " + WireFormatException.quote(v));
    }
}
