<?php

declare(strict_types=1);

namespace FpmJms;

/**
 * JMS property name rules, checked early on the PHP side (the provider checks again, with Java's
 * exact identifier rules).
 */
final class Names
{
    private const RESERVED = ['NULL', 'TRUE', 'FALSE', 'NOT', 'AND', 'OR', 'BETWEEN', 'LIKE', 'IN', 'IS', 'ESCAPE'];

    public static function problem(string $name): ?string
    {
        if (preg_match('/^[\p{L}\p{Nl}\p{Sc}\p{Pc}][\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}]*$/Du', $name) !== 1) {
            return "property name '$name' is not a Java identifier";
        }
        if (in_array(strtoupper($name), self::RESERVED, true)) {
            return "property name '$name' is a reserved word of the selector syntax";
        }
        if (str_starts_with($name, 'JMS') && $name !== 'JMSXGroupID' && $name !== 'JMSXGroupSeq') {
            return "property name '$name' starts with 'JMS', which the JMS specification reserves";
        }
        return null;
    }
}
