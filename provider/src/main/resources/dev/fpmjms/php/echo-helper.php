<?php
/*
 * The helper's path of the fpm-jms echo worker (echo.php): every request its fast path does not
 * answer. Not a worker of its own: echo.php requires it after reading the request body into
 * $body (false when it could not be read).
 */
declare(strict_types=1);

use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\SapiEmitter;

// Errors go to the log (FCGI_STDERR), never into the reply body; a fatal error then gives status 500.
// (echo.php's fast path does not need this: it calls nothing that can fail.)
ini_set('display_errors', '0');
ini_set('log_errors', '1');

require_once __DIR__ . '/fpmjms.php';

$body = $body === false ? '' : $body;

$request = new Request($_SERVER, $body);
$aid = static fn(string $name): mixed => $request->property($name);

$sleep = $aid('fpmjms_echo_sleep_ms');
if ($sleep !== null) {
    usleep(max(0, min((int) $sleep, 600_000)) * 1000);
}
$stderr = $aid('fpmjms_echo_stderr');
if ($stderr !== null) {
    error_log((string) $stderr);
}
$fatal = $aid('fpmjms_echo_fatal');
if ($fatal !== null && filter_var($fatal, FILTER_VALIDATE_BOOLEAN)) {
    $missing = 'fpmjms_echo_no_such_function';
    $missing();
}

$garbage = $aid('fpmjms_echo_garbage');
if ($garbage !== null) {
    $status = (int) ($aid('fpmjms_echo_status') ?? 200);
    [$headers, $body] = match ((string) $garbage) {
        'body' => [[['Content-Type', 'application/vnd.fpmjms.map+json'], ['X-Fpmjms-Body-Type', 'MAP']], '{"a":["int",'],
        'properties' => [[['Content-Type', 'text/plain; charset=utf-8'], ['X-Fpmjms-Properties', '{"a":["int","1"']], 'x'],
        'property-name' => [[['Content-Type', 'text/plain; charset=utf-8'], ['X-Fpmjms-Properties', '{"JMSFoo":["int","1"]}']], 'x'],
        'body-type' => [[['Content-Type', 'text/plain; charset=utf-8'], ['X-Fpmjms-Body-Type', 'PARCEL']], 'x'],
        default => [[['Content-Type', 'text/plain; charset=utf-8']], 'unknown fpmjms_echo_garbage mode'],
    };
    (new SapiEmitter())->emit($status, $headers, $body);
    return;
}

$reply = Reply::echoOf($request);
if ($request->param('ECHO_MODE') === 'queue') {
    $reply->to(\FpmJms\Destination::queue($request->queue()));
}
$status = $aid('fpmjms_echo_status');
if ($status !== null) {
    $reply->status((int) $status);
}
$reply->send();
