package dev.fpmjms.fastcgi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One FastCGI request as the client sends it: a {@code BEGIN_REQUEST}, the params and the STDIN
 * body.
 *
 * <p>Immutable apart from the body: the {@code stdin} array is <em>handed over</em>, not copied,
 * so the caller must not change it afterwards (it is written to the socket straight from that
 * array). Params are copied into an unmodifiable map that keeps the caller's iteration order;
 * they are validated only when encoded.
 */
public final class FcgiRequest {

    private final int requestId;
    private final FcgiRole role;
    private final boolean keepConn;
    private final Map<String, String> params;
    private final byte[] stdin;

    /**
     * @param requestId 1..65535
     * @param role      the role; php-fpm serves only {@link FcgiRole#RESPONDER}
     * @param keepConn  set {@code FCGI_KEEP_CONN}: the server keeps the connection open after
     *                  the reply
     * @param params    CGI params in the order they are sent; {@code null} names or values are
     *                  rejected
     * @param stdin     the body, owned by the request from now on; empty for none
     * @throws IllegalArgumentException the request id is out of range, naming it
     */
    public FcgiRequest(int requestId, FcgiRole role, boolean keepConn, Map<String, String> params,
            byte[] stdin) {
        FcgiRecordLayout.checkRequestId(requestId);
        this.requestId = requestId;
        this.role = Objects.requireNonNull(role, "role");
        this.keepConn = keepConn;
        checkNoNulls(params);
        this.params = params.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    /**
     * @throws NullPointerException     {@code params} is null
     * @throws IllegalArgumentException a name or value is null, naming it
     */
    static void checkNoNulls(Map<String, String> params) {
        Objects.requireNonNull(params, "params");
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("FastCGI params must not hold null: "
                        + e.getKey() + "=" + e.getValue());
            }
        }
    }

    public int requestId() {
        return requestId;
    }

    public FcgiRole role() {
        return role;
    }

    public boolean keepConn() {
        return keepConn;
    }

    /** The params, unmodifiable, in insertion order. */
    public Map<String, String> params() {
        return params;
    }

    /** The body: the caller's array itself, not a copy. Do not modify. */
    public byte[] stdin() {
        return stdin;
    }

    @Override
    public String toString() {
        return "FcgiRequest[id=" + requestId + ", role=" + role + ", keepConn=" + keepConn
                + ", params=" + params.size() + ", stdin=" + stdin.length + " bytes]";
    }
}
