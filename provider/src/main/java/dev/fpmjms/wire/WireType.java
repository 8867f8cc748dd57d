package dev.fpmjms.wire;

/**
 * The type tags of typed JSON values ({@code ["int","5"]}): one per JMS value type, plus
 * {@link #WTF8} for strings that UTF-8 cannot carry.
 */
enum WireType {
    BOOLEAN("boolean", true),
    BYTE("byte", true),
    SHORT("short", true),
    INT("int", true),
    LONG("long", true),
    FLOAT("float", true),
    DOUBLE("double", true),
    STRING("string", true),
    /** A String with an unpaired surrogate: the percent form of its WTF-8 bytes. */
    WTF8("wtf8", true),
    /** Map and stream bodies only: a UTF-16 code unit in decimal, 0..65535. */
    CHAR("char", false),
    /** Map and stream bodies only: standard base64 with padding. */
    BYTES("bytes", false);

    private final String tag;
    private final boolean propertyType;

    WireType(String tag, boolean propertyType) {
        this.tag = tag;
        this.propertyType = propertyType;
    }

    /** The tag as written in JSON. */
    String tag() {
        return tag;
    }

    /** Whether a JMS message property may have this type. */
    boolean isPropertyType() {
        return propertyType;
    }

    /** The type for a tag, or {@code null} when the tag is unknown. */
    static WireType fromTag(String tag) {
        for (WireType t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        return null;
    }
}
