<?php

declare(strict_types=1);

namespace FpmJms;

/**
 * JMS property name rules, checked early on the PHP side: the same rule as the provider's
 * dev.fpmjms.envelope.PropertyNames (which checks again, with Java's exact identifier rules).
 */
final class Names
{
    private const RESERVED = ['NULL', 'TRUE', 'FALSE', 'NOT', 'AND', 'OR', 'BETWEEN', 'LIKE', 'IN', 'IS', 'ESCAPE'];
    /** The JMSX properties an application may set; they travel like any other property. */
    private const SETTABLE_JMSX = ['JMSXGroupID', 'JMSXGroupSeq', 'JMSXUserID', 'JMSXAppID'];

    public static function problem(string $name): ?string
    {
        if (preg_match('/^[\p{L}\p{Nl}\p{Sc}\p{Pc}][\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}]*$/Du', $name) !== 1) {
            return "property name '$name' is not a Java identifier";
        }
        if (in_array(strtoupper($name), self::RESERVED, true)) {
            return "property name '$name' is a reserved word of the selector syntax";
        }
        if (str_starts_with($name, 'JMS') && !in_array($name, self::SETTABLE_JMSX, true)) {
            return "property name '$name' starts with 'JMS', which the JMS specification reserves";
        }
        return null;
    }
}
