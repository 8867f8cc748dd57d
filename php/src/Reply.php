<?php

declare(strict_types=1);

namespace FpmJms;

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
