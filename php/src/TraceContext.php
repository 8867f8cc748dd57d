<?php

declare(strict_types=1);

namespace FpmJms;

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
