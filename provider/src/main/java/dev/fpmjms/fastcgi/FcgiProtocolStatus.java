package dev.fpmjms.fastcgi;

/** The {@code protocolStatus} of an {@code END_REQUEST} record. */
public enum FcgiProtocolStatus {
    /** Normal end of request; the application status is meaningful. */
    REQUEST_COMPLETE(0),
    /** The application refused a second concurrent request on a multiplexed connection. */
    CANT_MPX_CONN(1),
    /** The application is out of a resource, e.g. database connections. */
    OVERLOADED(2),
    /** The application does not serve the requested role. */
    UNKNOWN_ROLE(3);

    private final int code;

    FcgiProtocolStatus(int code) {
        this.code = code;
    }

    /** The value of the {@code protocolStatus} byte. */
    public int code() {
        return code;
    }

    /**
     * The status with this code.
     *
     * @throws IllegalArgumentException naming the value when no status has this code
     */
    public static FcgiProtocolStatus from(int code) {
        for (FcgiProtocolStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown FastCGI protocol status " + code
                + " (expected 0..3)");
    }
}
