<?php
/*
 * fpm-jms PHP helper, wire protocol versions 1 and 2 (docs/wire-contract.md).
 *
 * A worker under php-fpm does:
 *
 *     require __DIR__ . '/fpmjms.php';
 *     $request = FpmJms\Request::fromGlobals();
 *     FpmJms\Reply::text('done: ' . $request->text())->send();
 *
 * No Composer, no extensions beyond a default PHP 8.2 (json, pcre); mbstring is not used.
 * With Composer, require fpm-jms/worker instead: the same classes, autoloaded (php/ in the
 * fpm-jms repository).
 *
 * GENERATED from the classes in php/src/ by php/build/single-file.php: edit them, not this file.
 */
declare(strict_types=1);

namespace FpmJms;

/** A request or reply does not follow the wire contract. */
final class WireFormatError extends \RuntimeException
{
}

/** The JMS message type of a body. */
enum BodyType: string
{
    case NONE = 'NONE';
    case TEXT = 'TEXT';
    case BYTES = 'BYTES';
    case MAP = 'MAP';
    case STREAM = 'STREAM';
    case OBJECT = 'OBJECT';

    /** The Content-Type of this body type on the wire ('' for NONE). */
    public function contentType(): string
    {
        return match ($this) {
            self::NONE => '',
            self::TEXT => 'text/plain; charset=utf-8',
            self::BYTES => 'application/octet-stream',
            self::MAP => 'application/vnd.fpmjms.map+json',
            self::STREAM => 'application/vnd.fpmjms.stream+json',
            self::OBJECT => 'application/x-java-serialized-object',
        };
    }

    /**
     * The body type a request's CONTENT_TYPE names (protocol 2 sends no FPMJMS_BODY_TYPE): absent
     * or empty is NONE; any other value must be one of the six exactly, as the provider sends them.
     */
    public static function ofRequestContentType(?string $contentType): self
    {
        if ($contentType === null || $contentType === '') {
            return self::NONE;
        }
        foreach (self::cases() as $case) {
            if ($case !== self::NONE && $case->contentType() === $contentType) {
                return $case;
            }
        }
        throw new WireFormatError("CONTENT_TYPE '$contentType' is not a body type of the wire contract");
    }
}

/** JMSDeliveryMode values, as in jakarta.jms.DeliveryMode. */
final class DeliveryMode
{
    public const NON_PERSISTENT = 1;
    public const PERSISTENT = 2;
}

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

/** Typed JSON documents: properties (object), map bodies (object), stream bodies (array). */
final class TypedJson
{
    /** @return array<string,TypedValue> */
    public static function decodeObject(string $json, string $what): array
    {
        $data = self::decode($json, $what);
        if (!is_array($data) || !str_starts_with(ltrim($json), '{')) {
            throw new WireFormatError("$what: expected a JSON object");
        }
        $out = [];
        foreach ($data as $name => $v) {
            $out[(string) $name] = TypedValue::fromWire($v, "$what: '$name'");
        }
        return $out;
    }

    /** @return list<TypedValue> */
    public static function decodeList(string $json, string $what): array
    {
        $data = self::decode($json, $what);
        if (!is_array($data) || !array_is_list($data) || !str_starts_with(ltrim($json), '[')) {
            throw new WireFormatError("$what: expected a JSON array");
        }
        $out = [];
        foreach ($data as $i => $v) {
            $out[] = TypedValue::fromWire($v, "$what: element $i");
        }
        return $out;
    }

    /** @param array<string|int,mixed> $values PHP values or TypedValue; ASCII-only JSON object */
    public static function encodeObject(array $values): string
    {
        $wire = [];
        foreach ($values as $name => $v) {
            $wire[(string) $name] = TypedValue::of($v)->toWire();
        }
        return json_encode((object) $wire, JSON_THROW_ON_ERROR);
    }

    /** @param array<mixed> $values PHP values or TypedValue; ASCII-only JSON array */
    public static function encodeList(array $values): string
    {
        $wire = [];
        foreach ($values as $v) {
            $wire[] = TypedValue::of($v)->toWire();
        }
        return json_encode($wire, JSON_THROW_ON_ERROR);
    }

    private static function decode(string $json, string $what): mixed
    {
        try {
            return json_decode($json, true, 16, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new WireFormatError("$what: invalid JSON: " . $e->getMessage(), 0, $e);
        }
    }
}

/**
 * The W3C Trace Context a request came with (traceparent, tracestate), for a PHP tracer to
 * continue the sender's trace: Request::traceContext() returns it, and carrier() is the array
 * that a propagator's extract() reads (OpenTelemetry: TraceContextPropagator::getInstance()
 * ->extract($context->carrier())).
 */
final class TraceContext
{
    private function __construct(
        public readonly string $traceparent,
        public readonly ?string $tracestate,
    ) {
    }

    /**
     * The context of a traceparent and tracestate as received, or null when traceparent is absent
     * or not valid (W3C Trace Context: a receiver that cannot parse traceparent starts a new trace,
     * and then ignores tracestate too). Version 00 must be exactly version-traceid-parentid-flags;
     * a later version may add fields after a '-', which are ignored; version ff is invalid. An
     * empty tracestate is none.
     */
    public static function parse(?string $traceparent, ?string $tracestate = null): ?self
    {
        if ($traceparent === null) {
            return null;
        }
        $traceparent = trim($traceparent, " \t");
        if (preg_match('/^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?$/Ds', $traceparent, $m) !== 1
            || $m[1] === 'ff' || ($m[1] === '00' && strlen($traceparent) !== 55)
            || $m[2] === str_repeat('0', 32) || $m[3] === str_repeat('0', 16)) {
            return null;
        }
        $tracestate = $tracestate === null ? '' : trim($tracestate, " \t");
        return new self($traceparent, $tracestate === '' ? null : $tracestate);
    }

    /** The trace id: 32 lowercase hex digits. */
    public function traceId(): string
    {
        return substr($this->traceparent, 3, 32);
    }

    /** The sender's span id (the parent of the worker's span): 16 lowercase hex digits. */
    public function parentId(): string
    {
        return substr($this->traceparent, 36, 16);
    }

    /** Whether the sender sampled the trace (trace flag 01). */
    public function sampled(): bool
    {
        return (hexdec(substr($this->traceparent, 53, 2)) & 1) === 1;
    }

    /** @return array{traceparent:string,tracestate?:string} the context as header name => value */
    public function carrier(): array
    {
        return $this->tracestate === null
            ? ['traceparent' => $this->traceparent]
            : ['traceparent' => $this->traceparent, 'tracestate' => $this->tracestate];
    }
}

/** An fpm-jms request as the worker sees it: JMS headers, typed properties and the body. */
final class Request
{
    /** The newest wire protocol version this helper reads (it also reads 1); replies carry it. */
    public const PROTOCOL = 2;

    /** @var array<string,TypedValue>|null */
    private ?array $typedProperties = null;

    /**
     * @param array<string,mixed> $server the CGI params ($_SERVER)
     * @param string              $body   the request body
     * @throws WireFormatError when the params are not an fpm-jms request of protocol 1 or 2
     */
    public function __construct(private readonly array $server, private readonly string $body)
    {
        $protocol = $this->param('FPMJMS_PROTOCOL');
        if ($protocol === null) {
            throw new WireFormatError('FPMJMS_PROTOCOL is missing: this is not an fpm-jms request');
        }
        if ($protocol !== '2' && $protocol !== '1') {
            throw new WireFormatError("FPMJMS_PROTOCOL is '$protocol' but this helper reads 1 and 2");
        }
        $length = $this->param('CONTENT_LENGTH');
        if ($length !== null && $length !== '' && (int) $length !== strlen($body)) {
            throw new WireFormatError('the body has ' . strlen($body) . " bytes but CONTENT_LENGTH is $length"
                . ' (is post_max_size smaller than the message?)');
        }
    }

    /**
     * The request of this PHP process: $_SERVER and the body from php://input (from STDIN under
     * the CLI SAPI, which has no request body of its own: CGI style, used by tests).
     */
    public static function fromGlobals(): self
    {
        $body = in_array(PHP_SAPI, ['cli', 'phpdbg'], true)
            ? stream_get_contents(STDIN)
            : file_get_contents('php://input');
        return new self($_SERVER, $body === false ? '' : $body);
    }

    /**
     * A raw param; a long one sent in parts (NAME_PARTS, NAME_1..NAME_n) is joined.
     */
    public function param(string $name): ?string
    {
        $v = $this->server[$name] ?? null;
        if ($v !== null) {
            return (string) $v;
        }
        $parts = $this->server[$name . '_PARTS'] ?? null;
        if ($parts === null) {
            return null;
        }
        $out = '';
        for ($i = 1, $n = (int) $parts; $i <= $n; $i++) {
            $piece = $this->server[$name . '_' . $i] ?? null;
            if ($piece === null) {
                throw new WireFormatError("{$name}_$i is missing ({$name}_PARTS is $parts)");
            }
            $out .= $piece;
        }
        return $out;
    }

    private function pct(string $name): ?string
    {
        $v = $this->param($name);
        return $v === null ? null : Pct::decode($v);
    }

    private function int(string $name, int $default = 0): int
    {
        $v = $this->param($name);
        return $v === null ? $default : (int) $v;
    }

    /** The worker queue the message was sent to. */
    public function queue(): string
    {
        return $this->pct('FPMJMS_QUEUE') ?? '';
    }

    /** JMSDestination as queue:NAME (see Destination); the worker queue when not sent (protocol 2). */
    public function destination(): ?string
    {
        return $this->param('FPMJMS_DESTINATION') ?? 'queue:' . ($this->param('FPMJMS_QUEUE') ?? '');
    }

    public function messageId(): ?string
    {
        return $this->pct('FPMJMS_MESSAGE_ID');
    }

    public function correlationId(): ?string
    {
        return $this->pct('FPMJMS_CORRELATION_ID');
    }

    public function type(): ?string
    {
        return $this->pct('FPMJMS_TYPE');
    }

    public function timestamp(): int
    {
        return $this->int('FPMJMS_TIMESTAMP');
    }

    /** DeliveryMode::PERSISTENT (2) or DeliveryMode::NON_PERSISTENT (1). */
    public function deliveryMode(): int
    {
        return $this->int('FPMJMS_DELIVERY_MODE', DeliveryMode::PERSISTENT);
    }

    public function persistent(): bool
    {
        return $this->deliveryMode() === DeliveryMode::PERSISTENT;
    }

    public function priority(): int
    {
        return $this->int('FPMJMS_PRIORITY', 4);
    }

    /** Epoch milliseconds, 0 for never. */
    public function expiration(): int
    {
        return $this->int('FPMJMS_EXPIRATION');
    }

    /** Epoch milliseconds; JMSTimestamp when not sent (protocol 2: no delivery delay). */
    public function deliveryTime(): int
    {
        return $this->param('FPMJMS_DELIVERY_TIME') === null ? $this->timestamp() : $this->int('FPMJMS_DELIVERY_TIME');
    }

    public function redelivered(): bool
    {
        return $this->param('FPMJMS_REDELIVERED') === '1';
    }

    /** JMSXDeliveryCount: 1 on the first delivery. */
    public function deliveryCount(): int
    {
        return $this->int('FPMJMS_DELIVERY_COUNT', 1);
    }

    /** JMSReplyTo in the destination form (queue:NAME, temporary-queue:NAME), or null. */
    public function replyTo(): ?string
    {
        return $this->param('FPMJMS_REPLY_TO');
    }

    /** The typed properties as the JSON text sent (FPMJMS_PROPERTIES), or null when there are none. */
    public function rawProperties(): ?string
    {
        return $this->param('FPMJMS_PROPERTIES');
    }

    /** @return array<string,TypedValue> the properties with their JMS types */
    public function typedProperties(): array
    {
        if ($this->typedProperties === null) {
            $json = $this->param('FPMJMS_PROPERTIES');
            $this->typedProperties = $json === null ? [] : TypedJson::decodeObject($json, 'FPMJMS_PROPERTIES');
        }
        return $this->typedProperties;
    }

    /** @return array<string,int|float|bool|string> the properties as PHP values */
    public function properties(): array
    {
        return array_map(static fn(TypedValue $t): mixed => $t->value, $this->typedProperties());
    }

    /** One property as a PHP value, or $default when absent. */
    public function property(string $name, mixed $default = null): mixed
    {
        if ($this->typedProperties === null) {
            // Looking up a name the JSON cannot hold needs no decoding (a worker asks for optional
            // properties on every request). An escaped name (a backslash anywhere) is decoded.
            $json = $this->param('FPMJMS_PROPERTIES');
            if ($json === null || (!str_contains($json, '"' . $name . '"') && !str_contains($json, '\\'))) {
                return $default;
            }
        }
        return ($this->typedProperties()[$name] ?? null)?->value ?? $default;
    }

    /**
     * The sender's W3C Trace Context, or null when the request has none or its traceparent is not
     * valid. Read from the params HTTP_TRACEPARENT and HTTP_TRACESTATE (where a `traceparent`
     * HTTP header would be: frameworks and tracers that read request headers find it there), else,
     * when HTTP_TRACEPARENT is absent, from the message's String properties `traceparent` and
     * `tracestate` (where OpenTelemetry's JMS instrumentation puts the context). See the wire
     * contract, "Trace context".
     */
    public function traceContext(): ?TraceContext
    {
        $traceparent = $this->param('HTTP_TRACEPARENT');
        if ($traceparent !== null) {
            return TraceContext::parse($traceparent, $this->param('HTTP_TRACESTATE'));
        }
        $traceparent = $this->property('traceparent');
        if (!is_string($traceparent)) {
            return null;
        }
        $tracestate = $this->property('tracestate');
        return TraceContext::parse($traceparent, is_string($tracestate) ? $tracestate : null);
    }

    /** From FPMJMS_BODY_TYPE (protocol 1), else from CONTENT_TYPE (protocol 2). */
    public function bodyType(): BodyType
    {
        $t = $this->param('FPMJMS_BODY_TYPE');
        if ($t === null) {
            return BodyType::ofRequestContentType($this->param('CONTENT_TYPE'));
        }
        return BodyType::tryFrom($t) ?? throw new WireFormatError("FPMJMS_BODY_TYPE '$t' is unknown");
    }

    /** Whether a TEXT or OBJECT body is null (rather than empty). */
    public function bodyIsNull(): bool
    {
        return $this->param('FPMJMS_BODY_NULL') === '1';
    }

    /** The body bytes as received. */
    public function rawBody(): string
    {
        return $this->body;
    }

    /** A TEXT body (UTF-8), null when the text is null. */
    public function text(): ?string
    {
        $this->expect(BodyType::TEXT);
        return $this->bodyIsNull() ? null : $this->body;
    }

    /** A BYTES body. */
    public function bytes(): string
    {
        $this->expect(BodyType::BYTES);
        return $this->body;
    }

    /** @return array<string,mixed> a MAP body as PHP values (bytes as strings, chars as strings) */
    public function map(): array
    {
        return array_map(static fn(TypedValue $t): mixed => $t->value, $this->typedMap());
    }

    /** @return array<string,TypedValue> */
    public function typedMap(): array
    {
        $this->expect(BodyType::MAP);
        return TypedJson::decodeObject($this->body, 'map body');
    }

    /** @return list<mixed> a STREAM body as PHP values */
    public function stream(): array
    {
        return array_map(static fn(TypedValue $t): mixed => $t->value, $this->typedStream());
    }

    /** @return list<TypedValue> */
    public function typedStream(): array
    {
        $this->expect(BodyType::STREAM);
        return TypedJson::decodeList($this->body, 'stream body');
    }

    private function expect(BodyType $type): void
    {
        if ($this->bodyType() !== $type) {
            throw new WireFormatError("the body is {$this->bodyType()->value}, not {$type->value}");
        }
    }
}

/** Writes a reply's status, head lines and body. */
interface Emitter
{
    /** @param list<array{0:string,1:string}> $headers name/value pairs */
    public function emit(int $status, array $headers, string $body): void;
}

/**
 * The default emitter. Under php-fpm / CGI: http_response_code() and header(), which PHP turns
 * into the CGI head. Under the CLI SAPI, which has no head of its own: the same head printed as
 * CGI lines ("Status: 200 OK", "Name: value", blank line) before the body.
 */
final class SapiEmitter implements Emitter
{
    private const REASONS = [
        200 => 'OK', 201 => 'Created', 202 => 'Accepted', 204 => 'No Content', 400 => 'Bad Request',
        404 => 'Not Found', 409 => 'Conflict', 422 => 'Unprocessable Content', 429 => 'Too Many Requests',
        500 => 'Internal Server Error', 502 => 'Bad Gateway', 503 => 'Service Unavailable',
    ];

    public function emit(int $status, array $headers, string $body): void
    {
        if (in_array(PHP_SAPI, ['cli', 'phpdbg'], true)) {
            $head = rtrim('Status: ' . $status . ' ' . (self::REASONS[$status] ?? '')) . "\r\n";
            foreach ($headers as [$name, $value]) {
                $head .= "$name: $value\r\n";
            }
            echo $head, "\r\n", $body;
            return;
        }
        if (headers_sent($file, $line)) {
            throw new \LogicException("fpm-jms: output started at $file:$line before the reply was sent");
        }
        http_response_code($status);
        foreach ($headers as [$name, $value]) {
            header("$name: $value", true);
        }
        echo $body;
    }
}

/** A reply built by the worker and sent with send(). Setters return $this. */
final class Reply
{
    private int $status = 200;
    private BodyType $bodyType = BodyType::NONE;
    private string $body = '';
    private bool $bodyNull = false;
    /** @var array<string,string|null> wire header name => value (percent form already applied) */
    private array $fields = [];
    /** @var array<string,TypedValue> */
    private array $properties = [];
    /** The request's properties JSON passed through by echoOf() until a property is set; null otherwise. */
    private ?string $rawProperties = null;
    /** @var list<array{0:string,1:string}> */
    private array $extraHeaders = [];

    public static function create(): self
    {
        return new self();
    }

    /** A reply with a TEXT body (null for a null text). */
    public static function text(?string $text): self
    {
        return (new self())->withText($text);
    }

    /**
     * The request returned unchanged: body type and bytes, JMSCorrelationID, JMSType, delivery
     * mode, priority, expiration, JMSReplyTo, message id, timestamp, delivery time and the typed
     * properties, all passed through without reinterpretation.
     */
    public static function echoOf(Request $request): self
    {
        $r = new self();
        $r->bodyType = $request->bodyType();
        $r->body = $request->rawBody();
        $r->bodyNull = $request->bodyIsNull();
        $correlationId = self::percentParam($request, 'FPMJMS_CORRELATION_ID');
        if ($correlationId === null) {
            $r->fields['X-Fpmjms-No-Correlation-Id'] = '1';
        } else {
            $r->fields['X-Fpmjms-Correlation-Id'] = $correlationId;
        }
        $r->fields['X-Fpmjms-Type'] = self::percentParam($request, 'FPMJMS_TYPE');
        $r->deliveryMode($request->deliveryMode());
        $r->priority($request->priority());
        $r->expiration($request->expiration());
        $r->replyTo($request->replyTo());
        $messageId = self::percentParam($request, 'FPMJMS_MESSAGE_ID');
        if ($messageId !== null) {
            $r->fields['X-Fpmjms-Message-Id'] = $messageId;
        }
        $r->fields['X-Fpmjms-Timestamp'] = (string) $request->timestamp();
        $r->fields['X-Fpmjms-Delivery-Time'] = (string) $request->deliveryTime();
        // Printable ASCII properties JSON (the usual case) goes back as it came, without decoding
        // and encoding it again (the provider checks it); property() on the reply decodes it first.
        // Other JSON is re-encoded, which escapes non-ASCII characters for the header line.
        $json = $request->rawProperties();
        if ($json !== null && $json !== '{}' && preg_match('/^[\x20-\x7E]*$/D', $json) === 1) {
            $r->rawProperties = $json;
        } else {
            $r->properties = $request->typedProperties();
        }
        return $r;
    }

    /**
     * A param in percent form as it came when it is well-formed (what the provider sends), else
     * decoded and encoded again; null when absent. Either way it decodes to the same string.
     */
    private static function percentParam(Request $request, string $name): ?string
    {
        $v = $request->param($name);
        if ($v === null || preg_match('/^(?:[\x21-\x24\x26-\x7E]|%[0-9A-Fa-f]{2})*$/D', $v) === 1) {
            return $v;
        }
        return Pct::encode(Pct::decode($v));
    }

    public function status(int $status): self
    {
        if ($status < 100 || $status > 599) {
            throw new \InvalidArgumentException("status $status is not 100..599");
        }
        $this->status = $status;
        return $this;
    }

    public function withText(?string $text): self
    {
        return $this->setBody(BodyType::TEXT, $text ?? '', $text === null);
    }

    public function withBytes(string $bytes): self
    {
        return $this->setBody(BodyType::BYTES, $bytes, false);
    }

    /** @param array<string,mixed> $map PHP values (int -> long, float -> double) or TypedValue */
    public function withMap(array $map): self
    {
        foreach ($map as $name => $_) {
            if ((string) $name === '') {
                throw new \InvalidArgumentException('a map entry name must not be empty');
            }
        }
        return $this->setBody(BodyType::MAP, TypedJson::encodeObject($map), false);
    }

    /** @param array<mixed> $values PHP values or TypedValue, in order */
    public function withStream(array $values): self
    {
        return $this->setBody(BodyType::STREAM, TypedJson::encodeList(array_values($values)), false);
    }

    /** Java-serialized bytes (PHP cannot build them; a worker may pass them on). */
    public function withObject(?string $serialized): self
    {
        return $this->setBody(BodyType::OBJECT, $serialized ?? '', $serialized === null);
    }

    /** No body: a plain JMS Message. */
    public function withoutBody(): self
    {
        return $this->setBody(BodyType::NONE, '', false);
    }

    /** Sets JMSCorrelationID; null sends none (otherwise the request's message id is used). */
    public function correlationId(?string $id): self
    {
        unset($this->fields['X-Fpmjms-Correlation-Id'], $this->fields['X-Fpmjms-No-Correlation-Id']);
        if ($id === null) {
            $this->fields['X-Fpmjms-No-Correlation-Id'] = '1';
        } else {
            $this->fields['X-Fpmjms-Correlation-Id'] = Pct::encode($id);
        }
        return $this;
    }

    public function type(?string $type): self
    {
        return $this->field('X-Fpmjms-Type', $type === null ? null : Pct::encode($type));
    }

    public function priority(int $priority): self
    {
        if ($priority < 0 || $priority > 9) {
            throw new \InvalidArgumentException("priority $priority is not 0..9");
        }
        return $this->field('X-Fpmjms-Priority', (string) $priority);
    }

    /** DeliveryMode::PERSISTENT or DeliveryMode::NON_PERSISTENT. */
    public function deliveryMode(int $mode): self
    {
        if ($mode !== DeliveryMode::PERSISTENT && $mode !== DeliveryMode::NON_PERSISTENT) {
            throw new \InvalidArgumentException("delivery mode $mode is not 1 or 2");
        }
        return $this->field('X-Fpmjms-Delivery-Mode', (string) $mode);
    }

    /** Epoch milliseconds, 0 for never. */
    public function expiration(int $epochMillis): self
    {
        if ($epochMillis < 0) {
            throw new \InvalidArgumentException("expiration $epochMillis is negative");
        }
        return $this->field('X-Fpmjms-Expiration', (string) $epochMillis);
    }

    /** The reply's own JMSReplyTo, in destination form (queue:NAME), or null. */
    public function replyTo(?string $destination): self
    {
        if ($destination !== null && preg_match('/^(queue|temporary-queue|topic):[\x21-\x7E]+$/D', $destination) !== 1) {
            throw new \InvalidArgumentException("'$destination' is not queue:NAME, temporary-queue:NAME or topic:NAME"
                . ' (NAME in percent form; see Destination::queue())');
        }
        return $this->field('X-Fpmjms-Reply-To', $destination);
    }

    /**
     * Where the reply goes, in destination form (Destination::queue('name')): overrides the
     * default (the request's JMSReplyTo, else the worker queue). null restores the default.
     */
    public function to(?string $destination): self
    {
        if ($destination !== null && preg_match('/^(queue|temporary-queue):[\x21-\x7E]+$/D', $destination) !== 1) {
            throw new \InvalidArgumentException("'$destination' is not queue:NAME or temporary-queue:NAME"
                . ' (NAME in percent form; see Destination::queue())');
        }
        return $this->field('X-Fpmjms-Destination', $destination);
    }

    /**
     * Sets a property: a PHP value takes its natural type (int -> long, float -> double), a
     * TypedValue keeps its type (TypedValue::int(5)).
     */
    public function property(string $name, int|float|bool|string|TypedValue $value): self
    {
        $problem = Names::problem($name);
        if ($problem !== null) {
            throw new \InvalidArgumentException($problem);
        }
        $typed = TypedValue::of($value);
        if (!$typed->isPropertyType()) {
            throw new \InvalidArgumentException("property '$name': type {$typed->type} is not a JMS property type");
        }
        if ($this->rawProperties !== null) {
            $this->properties = TypedJson::decodeObject($this->rawProperties, 'FPMJMS_PROPERTIES');
            $this->rawProperties = null;
        }
        $this->properties[$name] = $typed;
        return $this;
    }

    /** @param array<string,int|float|bool|string|TypedValue> $properties */
    public function properties(array $properties): self
    {
        foreach ($properties as $name => $value) {
            $this->property((string) $name, $value);
        }
        return $this;
    }

    /**
     * On a failure status (4xx, 5xx): ask fpm-jms to retry this message after $seconds
     * (0..86400) instead of its retry policy's backoff, within the policy's maxAttempts; a 4xx is
     * then retried too. Sends `X-Fpmjms-Retry: after=N`; a 2xx ignores it.
     */
    public function retryAfter(int $seconds): self
    {
        if ($seconds < 0 || $seconds > 86400) {
            throw new \InvalidArgumentException("retryAfter $seconds is not 0..86400 seconds");
        }
        return $this->field('X-Fpmjms-Retry', 'after=' . $seconds);
    }

    /**
     * On a failure status (4xx, 5xx): ask fpm-jms never to retry this message; it is dead-lettered
     * now (with a failure reply to its JMSReplyTo). Sends `X-Fpmjms-Retry: never`; a 2xx ignores it.
     */
    public function noRetry(): self
    {
        return $this->field('X-Fpmjms-Retry', 'never');
    }

    /**
     * The W3C Trace Context the reply carries (its `traceparent` and `tracestate` properties on
     * the Java side), e.g. the context of the worker's own span, so that whoever reads the reply
     * continues from it. $context is a TraceContext or a propagator's carrier array (OpenTelemetry:
     * `$carrier = []; TraceContextPropagator::getInstance()->inject($carrier);`); null, or one
     * whose traceparent is not valid, sends none: the reply then carries the context the request
     * came with. Sends `X-Fpmjms-Traceparent` and `X-Fpmjms-Tracestate`.
     *
     * @param TraceContext|array<string,string>|null $context
     */
    public function traceContext(TraceContext|array|null $context): self
    {
        if (is_array($context)) {
            $parent = $context['traceparent'] ?? null;
            $state = $context['tracestate'] ?? null;
            $context = is_string($parent) ? TraceContext::parse($parent, is_string($state) ? $state : null) : null;
        }
        $this->field('X-Fpmjms-Traceparent', $context?->traceparent);
        return $this->field('X-Fpmjms-Tracestate', $context?->tracestate);
    }

    /** An extra response header, not read by the provider (for logs or proxies). */
    public function header(string $name, string $value): self
    {
        if (preg_match('/^[A-Za-z0-9-]+$/D', $name) !== 1 || preg_match('/[\r\n\0]/', $value) === 1
            || stripos($name, 'x-fpmjms-') === 0) {
            throw new \InvalidArgumentException("header '$name' is not allowed");
        }
        $this->extraHeaders[] = [$name, $value];
        return $this;
    }

    /** @return list<array{0:string,1:string}> the head lines send() writes, in order */
    public function headers(): array
    {
        $h = [];
        if ($this->bodyType !== BodyType::NONE) {
            $h[] = ['Content-Type', $this->bodyType->contentType()];
        }
        $h[] = ['X-Fpmjms-Protocol', (string) Request::PROTOCOL];
        $h[] = ['X-Fpmjms-Body-Type', $this->bodyType->value];
        if ($this->bodyNull) {
            $h[] = ['X-Fpmjms-Body-Null', '1'];
        }
        foreach ($this->fields as $name => $value) {
            if ($value !== null) {
                $h[] = [$name, $value];
            }
        }
        if ($this->rawProperties !== null) {
            $h[] = ['X-Fpmjms-Properties', $this->rawProperties];
        } elseif ($this->properties !== []) {
            $h[] = ['X-Fpmjms-Properties', TypedJson::encodeObject($this->properties)];
        }
        return array_merge($h, $this->extraHeaders);
    }

    public function statusCode(): int
    {
        return $this->status;
    }

    public function body(): string
    {
        return $this->body;
    }

    /** Writes the reply through $emitter (default: SapiEmitter). Call once, before any output. */
    public function send(?Emitter $emitter = null): void
    {
        ($emitter ?? new SapiEmitter())->emit($this->status, $this->headers(), $this->body);
    }

    private function setBody(BodyType $type, string $body, bool $null): self
    {
        $this->bodyType = $type;
        $this->body = $body;
        $this->bodyNull = $null;
        return $this;
    }

    private function field(string $name, ?string $value): self
    {
        $this->fields[$name] = $value;
        return $this;
    }
}

/** Destination forms for replyTo(): queue:NAME, temporary-queue:NAME. */
final class Destination
{
    public static function queue(string $name): string
    {
        return 'queue:' . Pct::encode($name);
    }

    /** The kind (queue, temporary-queue, topic) and the decoded name of a destination form. */
    public static function parse(string $destination): array
    {
        $colon = strpos($destination, ':');
        if ($colon === false) {
            throw new WireFormatError("'$destination' is not a destination");
        }
        return [substr($destination, 0, $colon), Pct::decode(substr($destination, $colon + 1))];
    }
}

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
