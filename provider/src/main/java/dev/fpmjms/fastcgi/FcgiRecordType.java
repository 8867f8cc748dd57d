package dev.fpmjms.fastcgi;

/** The record types of FastCGI 1.0 ({@code FCGI_BEGIN_REQUEST} ... {@code FCGI_UNKNOWN_TYPE}). */
public enum FcgiRecordType {
    BEGIN_REQUEST(1),
    ABORT_REQUEST(2),
    END_REQUEST(3),
    PARAMS(4),
    STDIN(5),
    STDOUT(6),
    STDERR(7),
    DATA(8),
    GET_VALUES(9),
    GET_VALUES_RESULT(10),
    UNKNOWN_TYPE(11);

    private static final FcgiRecordType[] BY_CODE = new FcgiRecordType[12];

    static {
        for (FcgiRecordType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    FcgiRecordType(int code) {
        this.code = code;
    }

    /** The value of the header's {@code type} byte. */
    public int code() {
        return code;
    }

    /**
     * The type with this code.
     *
     * @throws IllegalArgumentException naming the value when no FastCGI 1.0 type has this code
     */
    public static FcgiRecordType from(int code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown FastCGI record type " + code
                    + " (expected 1..11)");
        }
        return BY_CODE[code];
    }
}
