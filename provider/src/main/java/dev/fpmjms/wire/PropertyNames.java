package dev.fpmjms.wire;

import java.util.Locale;
import java.util.Set;

/**
 * The JMS rules for property names (Jakarta Messaging 3.1, section 3.5.1 and 3.8.1.1): a Java
 * identifier that is not a selector reserved word ({@code NULL TRUE FALSE NOT AND OR BETWEEN LIKE IN
 * IS ESCAPE}, any case) and does not start with {@code JMS}, except the two JMSX properties a client
 * may set ({@code JMSXGroupID}, {@code JMSXGroupSeq}).
 */
final class PropertyNames {

    private static final Set<String> RESERVED = Set.of(
            "NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

    private PropertyNames() {
    }

    /** Why {@code name} is not a valid property name a message may carry, or {@code null} when it is. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "the empty string is not a property name";
        }
        int first = name.codePointAt(0);
        if (!Character.isJavaIdentifierStart(first)) {
            return "property name " + WireFormatException.quote(name) + " does not start with a Java identifier letter";
        }
        for (int i = Character.charCount(first); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                return "property name " + WireFormatException.quote(name) + " has a character that is not a Java identifier part at index " + i;
            }
            i += Character.charCount(cp);
        }
        if (name.length() <= 7 && RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            return "property name " + WireFormatException.quote(name) + " is a reserved word of the selector syntax";
        }
        if (name.startsWith("JMS") && !name.equals("JMSXGroupID") && !name.equals("JMSXGroupSeq")) {
            return "property name " + WireFormatException.quote(name) + " starts with 'JMS', which the JMS specification reserves";
        }
        return null;
    }
}
