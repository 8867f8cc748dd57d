<?php

declare(strict_types=1);

namespace FpmJms;

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
