package dev.fpmjms.envelope;

import java.util.Locale;
import java.util.Set;

/**
 * The one rule for the names of the properties a message carries (Jakarta Messaging 3.1, sections
 * 3.5.1 and 3.8.1.1), used wherever a name comes in: the facade's property setters and the wire's
 * reading of a worker's reply. A legal name is a Java identifier that is not a message selector
 * keyword ({@code NULL TRUE FALSE NOT AND OR BETWEEN LIKE IN IS ESCAPE}, any case) and is not in
 * the {@code JMS} namespace (headers, JMS-defined {@code JMSX} properties, provider properties
 * {@code JMS_}), except the JMSX properties an application may set
 * ({@link #CLIENT_SETTABLE_JMSX}), which travel like any other property. The PHP helper
 * ({@code fpmjms.php}, {@code Names::problem}) applies the same rule.
 *
 * <p>Stateless and thread-safe.
 */
public final class PropertyNames {

    /** JMSXDeliveryCount: set by the provider on delivery, held outside the property map. */
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    /** The JMSX properties an application (or a PHP worker) may set. */
    public static final Set<String> CLIENT_SETTABLE_JMSX = Set.of("JMSXGroupID", "JMSXGroupSeq", "JMSXUserID", "JMSXAppID");

    private static final Set<String> KEYWORDS = Set.of(
            "NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

    private PropertyNames() {
    }

    /**
     * Why {@code name} is not a property name a message may carry, or {@code null} when it is one.
     * The text names the property (quoted, cut at 64 characters) and the rule it breaks.
     */
    public static String problem(String name) {
        if (name == null) {
            return "a property name must not be null";
        }
        if (name.isEmpty()) {
            return "the empty string is not a property name";
        }
        int bad = firstNonIdentifierIndex(name);
        if (bad >= 0) {
            return "property name " + quote(name) + " is not a Java identifier (a Java identifier start, then"
                    + " Java identifier parts): the character at index " + bad + " is not one";
        }
        if (name.length() <= 7 && KEYWORDS.contains(name.toUpperCase(Locale.ROOT))) {
            return "property name " + quote(name) + " is a reserved word of the selector syntax"
                    + " (NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE)";
        }
        if (name.startsWith("JMS") && !CLIENT_SETTABLE_JMSX.contains(name)) {
            return DELIVERY_COUNT.equals(name)
                    ? "property name 'JMSXDeliveryCount' is set by the provider on delivery and cannot be set"
                    : "property name " + quote(name) + " starts with 'JMS', which the JMS specification reserves;"
                            + " the JMSX names that may be set are JMSXGroupID, JMSXGroupSeq, JMSXUserID, JMSXAppID";
        }
        return null;
    }

    /** The index of the first character that breaks the Java identifier rule, or -1. */
    private static int firstNonIdentifierIndex(String name) {
        int first = name.codePointAt(0);
        if (!Character.isJavaIdentifierStart(first)) {
            return 0;
        }
        for (int i = Character.charCount(first); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static String quote(String name) {
        return name.length() <= 64 ? "'" + name + "'" : "'" + name.substring(0, 64) + "...' (" + name.length() + " chars)";
    }
}
