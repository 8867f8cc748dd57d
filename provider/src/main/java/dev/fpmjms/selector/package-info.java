/**
 * JMS message selectors: the SQL-92 conditional-expression subset of Jakarta Messaging 3.1
 * (section 3.8.1), compiled once into a {@code Predicate<FpmEnvelope>} that the engine runs while
 * it holds a queue's lock.
 *
 * <p>Layer: part of the facade, below {@code jms}. May import {@code envelope} and
 * {@code jakarta.jms} (for {@code InvalidSelectorException}). Responsible for one thing: parsing
 * a selector and evaluating it against an envelope.
 *
 * <h2>Why our own parser and not Artemis's {@code artemis-selector}</h2>
 * The Artemis selector is proven, but its evaluation interface
 * ({@code Filterable.getProperty(SimpleString)}) is typed with {@code SimpleString} from
 * {@code artemis-commons}, which in turn needs netty-buffer and netty-common (and brings
 * commons-beanutils and commons-collections). Excluding those breaks class loading of the very
 * interface we would implement, so the module cannot be used without putting five libraries on
 * every user's class path — for a provider whose selling point is "nothing but php-fpm". The
 * grammar is small (one page of the specification), so a recursive-descent parser of about 500
 * lines in small classes, held to a table of tests taken from the specification's rules, costs
 * less than those dependencies and lets us state each type rule in one place.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Three-valued logic: a sub-expression is TRUE, FALSE or UNKNOWN ({@code null}); a message
 *       is selected only when the whole selector is TRUE.</li>
 *   <li>A missing property, and a null JMSMessageID, JMSCorrelationID or JMSType, is NULL;
 *       comparison or arithmetic with NULL is UNKNOWN.</li>
 *   <li>Comparing values of unlike types (a string with a number, a boolean with a string) is
 *       UNKNOWN, so neither {@code s = 1} nor {@code NOT (s = 1)} selects. Strings and booleans
 *       only support {@code =} and {@code <>}; ordering them is a syntax error when the operand
 *       is known to be a string or boolean and UNKNOWN when it only turns out so at run time.
 *       Likewise comparing an expression known to be boolean with one known to be a number or
 *       string ({@code TRUE = 0}, {@code (a > 1) <> 'x'}) is a syntax error.</li>
 *   <li>Numeric literals use Java literal syntax ({@code NumericLiteral}):
 *       {@code 035} is octal 29, {@code 0x1d} hex, {@code 123L}; {@code 1.5f}, {@code 7d},
 *       {@code 5.7E2}. Exact literals have the range of a long.</li>
 *   <li>Exact numerics (byte, short, int, long) and approximate numerics (float, double) mix by
 *       Java's binary numeric promotion. Strings are never converted to numbers. Integer
 *       division by zero is UNKNOWN.</li>
 *   <li>Header identifiers: JMSDeliveryMode ('PERSISTENT' or 'NON_PERSISTENT'), JMSPriority,
 *       JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType, and JMSXDeliveryCount (the count
 *       the message will carry when delivered). Every other identifier is a message property.</li>
 *   <li>Errors: an invalid selector fails with {@code InvalidSelectorException} naming the
 *       1-based position and what was expected there.</li>
 * </ul>
 */
package dev.fpmjms.selector;
