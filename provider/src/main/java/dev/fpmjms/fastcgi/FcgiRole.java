package dev.fpmjms.fastcgi;

/** The role asked for in a {@code BEGIN_REQUEST} record. php-fpm serves only {@link #RESPONDER}. */
public enum FcgiRole {
    RESPONDER(1),
    AUTHORIZER(2),
    FILTER(3);

    private final int code;

    FcgiRole(int code) {
        this.code = code;
    }

    /** The value of the {@code role} field (16 bits, big endian). */
    public int code() {
        return code;
    }

    /**
     * The role with this code.
     *
     * @throws IllegalArgumentException naming the value when no role has this code
     */
    public static FcgiRole from(int code) {
        for (FcgiRole r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown FastCGI role " + code + " (expected 1..3)");
    }
}
