<?php
// Trace-context test worker: replies with the W3C Trace Context it saw, read with the PHP helper.
// Body "seen": a TEXT reply "traceparent|tracestate|traceId|parentId|sampled" ("none" without a context).
// Body "own": the same, and the reply carries the worker's own context (same trace, span id 2222...).
// Body "echo": the request back by the echo fast path (X-Fpmjms-Echo).
// Body "reject": status 422 (dead-lettered at once), after reporting the context on stderr.
require_once __DIR__ . '/fpmjms.php';

use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\TraceContext;

$request = Request::fromGlobals();
$command = $request->text();
if ($command === 'echo') {
    header('X-Fpmjms-Echo: 1');
    echo $command;
    return;
}
$context = $request->traceContext();
$seen = $context === null ? 'none' : implode('|', [$context->traceparent, $context->tracestate ?? '',
    $context->traceId(), $context->parentId(), $context->sampled() ? 'sampled' : 'not-sampled']);
$reply = Reply::text($seen);
if ($command === 'reject') {
    error_log('rejected with ' . $seen);
    $reply->status(422);
}
if ($command === 'own' && $context !== null) {
    $reply->traceContext(TraceContext::parse('00-' . $context->traceId() . '-2222222222222222-01', 'php=worker'));
}
$reply->send();
