<?php

declare(strict_types=1);

namespace FpmJms;

/**
 * One JMS value with its wire type kept, so that a value can travel back exactly as it came
 * ('int' stays int, a float keeps its text). $value is the PHP view: int for byte/short/int/long,
 * float for float/double, bool, string (also for char: the character in UTF-8, and for bytes: the
 * raw bytes), or null.
 */
final class TypedValue
{
    private const INT_RANGES = [
        'byte' => [-128, 127],
        'short' => [-32768, 32767],
        'int' => [-2147483648, 2147483647],
        'long' => [PHP_INT_MIN, PHP_INT_MAX],
        'char' => [0, 65535],
    ];

    /**
     * @param string      $type  boolean, byte, short, int, long, float, double, string, wtf8, char, bytes or null
     * @param string|null $text  the wire text (null only for type null)
     * @param mixed       $value the PHP view of the value
     */
    private function __construct(
        public readonly string $type,
        public readonly ?string $text,
        public readonly mixed $value,
    ) {
    }

    public static function boolean(bool $v): self
    {
        return new self('boolean', $v ? 'true' : 'false', $v);
    }

    public static function byte(int $v): self
    {
        return self::integer('byte', $v);
    }

    public static function short(int $v): self
    {
        return self::integer('short', $v);
    }

    public static function int(int $v): self
    {
        return self::integer('int', $v);
    }

    public static function long(int $v): self
    {
        return self::integer('long', $v);
    }

    /** A JMS float: $v is rounded to single precision. */
    public static function float(float $v): self
    {
        $f = unpack('G', pack('G', $v))[1];
        return new self('float', self::formatDouble($f), $f);
    }

    public static function double(float $v): self
    {
        return new self('double', self::formatDouble($v), $v);
    }

    /** A string; bytes that are not UTF-8 travel in the 'wtf8' form. */
    public static function string(string $v): self
    {
        if (preg_match('//u', $v) === 1) {
            return new self('string', $v, $v);
        }
        return new self('wtf8', Pct::encode($v), $v);
    }

    /** A JMS char (map and stream bodies only): one character, or its UTF-16 code unit as int. */
    public static function char(string|int $v): self
    {
        if (is_string($v)) {
            $units = self::utf16Units($v);
            if (count($units) !== 1) {
                throw new \InvalidArgumentException('char must be one UTF-16 code unit, got ' . count($units));
            }
            $v = $units[0];
        }
        self::integer('char', $v);
        return new self('char', (string) $v, self::unitToString($v));
    }

    /** A byte array (map and stream bodies only). */
    public static function bytes(string $v): self
    {
        return new self('bytes', base64_encode($v), $v);
    }

    public static function null(): self
    {
        return new self('null', null, null);
    }

    /**
     * The natural type of a PHP value: int -> long, float -> double, bool -> boolean,
     * string -> string, null -> null; a TypedValue is returned as is.
     */
    public static function of(mixed $v): self
    {
        return match (true) {
            $v instanceof self => $v,
            is_int($v) => self::long($v),
            is_float($v) => self::double($v),
            is_bool($v) => self::boolean($v),
            is_string($v) => self::string($v),
            $v === null => self::null(),
            default => throw new \InvalidArgumentException('no JMS type for PHP ' . get_debug_type($v)),
        };
    }

    /**
     * Reads a decoded typed JSON value (["int","5"] or null).
     *
     * @throws WireFormatError naming $where
     */
    public static function fromWire(mixed $json, string $where): self
    {
        if ($json === null) {
            return self::null();
        }
        if (!is_array($json) || !array_is_list($json) || count($json) !== 2
            || !is_string($json[0]) || !is_string($json[1])) {
            throw new WireFormatError("$where: expected a typed value [\"type\",\"text\"]");
        }
        [$type, $text] = $json;
        switch ($type) {
            case 'boolean':
                if ($text !== 'true' && $text !== 'false') {
                    throw new WireFormatError("$where: boolean value '$text' is not 'true' or 'false'");
                }
                return new self($type, $text, $text === 'true');
            case 'byte':
            case 'short':
            case 'int':
            case 'long':
            case 'char':
                $v = filter_var($text, FILTER_VALIDATE_INT);
                [$min, $max] = self::INT_RANGES[$type];
                if ($v === false || preg_match('/^-?[0-9]+$/D', $text) !== 1 || $v < $min || $v > $max) {
                    throw new WireFormatError("$where: $type value '$text' is not a decimal integer in $min..$max");
                }
                return new self($type, $text, $type === 'char' ? self::unitToString($v) : $v);
            case 'float':
            case 'double':
                return new self($type, $text, self::parseDouble($text, "$where: $type value"));
            case 'string':
                return new self($type, $text, $text);
            case 'wtf8':
                return new self($type, $text, Pct::decode($text));
            case 'bytes':
                $bytes = base64_decode($text, true);
                if ($bytes === false) {
                    throw new WireFormatError("$where: bytes value is not base64");
                }
                return new self($type, $text, $bytes);
            default:
                throw new WireFormatError("$where: unknown type '$type'");
        }
    }

    /** The typed JSON form: [type, text], or null. */
    public function toWire(): ?array
    {
        return $this->type === 'null' ? null : [$this->type, $this->text];
    }

    /** Whether a JMS message property may have this type. */
    public function isPropertyType(): bool
    {
        return !in_array($this->type, ['char', 'bytes', 'null'], true);
    }

    /** Java's text for a double, exact: NaN, Infinity, -Infinity, or digits that read back the same. */
    public static function formatDouble(float $v): string
    {
        if (is_nan($v)) {
            return 'NaN';
        }
        if (is_infinite($v)) {
            return $v > 0 ? 'Infinity' : '-Infinity';
        }
        $s = json_encode($v, JSON_PRESERVE_ZERO_FRACTION);
        if (!is_string($s) || (float) $s !== $v) {
            $s = sprintf('%.17e', $v);
        }
        return $s;
    }

    public static function parseDouble(string $text, string $where): float
    {
        return match ($text) {
            'NaN' => NAN,
            'Infinity' => INF,
            '-Infinity' => -INF,
            default => preg_match('/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/D', $text) === 1
                ? (float) $text
                : throw new WireFormatError("$where '$text' is not a decimal number, NaN, Infinity or -Infinity"),
        };
    }

    private static function integer(string $type, int $v): self
    {
        [$min, $max] = self::INT_RANGES[$type];
        if ($v < $min || $v > $max) {
            throw new \InvalidArgumentException("$type value $v is outside $min..$max");
        }
        return new self($type, (string) $v, $v);
    }

    /** UTF-8 (or WTF-8) of one UTF-16 code unit; a surrogate gets its 3-byte form. */
    private static function unitToString(int $u): string
    {
        if ($u < 0x80) {
            return chr($u);
        }
        if ($u < 0x800) {
            return chr(0xC0 | $u >> 6) . chr(0x80 | $u & 0x3F);
        }
        return chr(0xE0 | $u >> 12) . chr(0x80 | $u >> 6 & 0x3F) . chr(0x80 | $u & 0x3F);
    }

    /** @return int[] the UTF-16 code units of a UTF-8 string */
    private static function utf16Units(string $s): array
    {
        $units = [];
        foreach (preg_split('//u', $s, -1, PREG_SPLIT_NO_EMPTY) ?: [] as $ch) {
            $b = array_values(unpack('C*', $ch));
            $cp = match (count($b)) {
                1 => $b[0],
                2 => ($b[0] & 0x1F) << 6 | $b[1] & 0x3F,
                3 => ($b[0] & 0x0F) << 12 | ($b[1] & 0x3F) << 6 | $b[2] & 0x3F,
                default => ($b[0] & 0x07) << 18 | ($b[1] & 0x3F) << 12 | ($b[2] & 0x3F) << 6 | $b[3] & 0x3F,
            };
            if ($cp >= 0x10000) {
                $cp -= 0x10000;
                $units[] = 0xD800 | $cp >> 10;
                $units[] = 0xDC00 | $cp & 0x3FF;
            } else {
                $units[] = $cp;
            }
        }
        if ($units === [] && $s !== '') {
            throw new \InvalidArgumentException('char is not UTF-8');
        }
        return $units;
    }
}
