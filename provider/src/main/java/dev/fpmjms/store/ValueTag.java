package dev.fpmjms.store;

/** Wire codes of the typed values in properties, map and stream bodies. Codes never change. */
enum ValueTag {
    NULL(0), BOOLEAN(1), BYTE(2), SHORT(3), CHAR(4), INT(5), LONG(6), FLOAT(7), DOUBLE(8), STRING(9), BYTES(10);

    private static final ValueTag[] BY_CODE = new ValueTag[11];

    static {
        for (ValueTag t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    final int code;

    ValueTag(int code) {
        this.code = code;
    }

    static ValueTag from(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new MalformedRecordException("value tag must be 0.." + (BY_CODE.length - 1) + ", was " + code);
        }
        return BY_CODE[code];
    }

    /** The tag of a Java value of one of the JMS types. */
    static ValueTag of(Object v) {
        if (v == null) {
            return NULL;
        }
        if (v instanceof String) {
            return STRING;
        }
        if (v instanceof Integer) {
            return INT;
        }
        if (v instanceof Long) {
            return LONG;
        }
        if (v instanceof Boolean) {
            return BOOLEAN;
        }
        if (v instanceof Double) {
            return DOUBLE;
        }
        if (v instanceof byte[]) {
            return BYTES;
        }
        if (v instanceof Byte) {
            return BYTE;
        }
        if (v instanceof Short) {
            return SHORT;
        }
        if (v instanceof Character) {
            return CHAR;
        }
        if (v instanceof Float) {
            return FLOAT;
        }
        throw new IllegalArgumentException("not a JMS value type: " + v.getClass().getName());
    }
}
