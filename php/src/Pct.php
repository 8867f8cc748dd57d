<?php

declare(strict_types=1);

namespace FpmJms;

/**
 * Percent form of wire strings: bytes outside 0x21..0x7E and '%' become %XX. The result is
 * ASCII without blanks, safe in a CGI param and in a header line. Decoding accepts any %XX.
 */
final class Pct
{
    public static function encode(string $s): string
    {
        if (preg_match('/[\x00-\x20\x7F-\xFF%]/', $s) !== 1) {
            return $s; // the common case: nothing to escape, no callback
        }
        return preg_replace_callback(
            '/[\x00-\x20\x7F-\xFF%]/',
            static fn(array $m): string => sprintf('%%%02X', ord($m[0])),
            $s
        );
    }

    public static function decode(string $s): string
    {
        return str_contains($s, '%') ? rawurldecode($s) : $s;
    }
}
