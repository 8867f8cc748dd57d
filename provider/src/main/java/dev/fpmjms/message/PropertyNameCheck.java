package dev.fpmjms.message;

import java.util.Locale;
import java.util.Set;

/**
 * The rules for application-set property names (spec 3.5.1 and the message selector identifier
 * syntax of 3.8.1.1): a Java identifier, not a selector keyword (case-insensitively, as selector
 * keywords are), and not in the {@code JMS} namespace, which belongs to headers, JMS-defined
 * {@code JMSX} properties and provider properties ({@code JMS_}). Of the JMSX properties, those a
 * client may set are accepted.
 *
 * <p>Stateless and thread-safe.
 */
final class PropertyNameCheck {

    /** JMSXDeliveryCount: provider-set on delivery, held outside the property map. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    /** The JMSX properties an application may set; they travel like any other property. */
    static final Set<String> CLIENT_SETTABLE_JMSX = Set.of("JMSXGroupID", "JMSXGroupSeq", "JMSXUserID", "JMSXAppID");

    private static final Set<String> KEYWORDS = Set.of(
            "NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

    private PropertyNameCheck() {
    }

    /**
     * Checks a name an application passes to a property setter.
     *
     * @throws IllegalArgumentException naming the property and the rule it breaks
     */
    static void checkSettable(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("property name must not be null or empty, was "
                    + (name == null ? "null" : "\"\""));
        }
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException("property name '" + name
                    + "' is not a valid identifier (Java identifier start, then Java identifier parts)");
        }
        if (KEYWORDS.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("property name '" + name
                    + "' is a message selector keyword (NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE)");
        }
        if (name.startsWith("JMS") && !CLIENT_SETTABLE_JMSX.contains(name)) {
            throw new IllegalArgumentException(DELIVERY_COUNT.equals(name)
                    ? "property JMSXDeliveryCount is set by the provider on delivery and cannot be set"
                    : "property name '" + name + "' is in the reserved JMS namespace; settable JMSX names are "
                            + CLIENT_SETTABLE_JMSX);
        }
    }

    static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.codePointAt(0))) {
            return false;
        }
        for (int i = Character.charCount(name.codePointAt(0)); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
