<?php
/*
 * fpm-jms echo worker (builtin:echo): returns the request unchanged, so that a worker queue
 * behaves like an ordinary JMS queue. Same body type and bytes, same JMSCorrelationID, JMSType,
 * delivery mode, priority, expiration, JMSReplyTo and typed properties; nothing is reinterpreted.
 *
 * Test aids, read from request properties (docs/wire-contract.md, "Echo worker"):
 *   fpmjms_echo_sleep_ms  sleep that many milliseconds first
 *   fpmjms_echo_stderr    write this text to the FastCGI stderr (error_log())
 *   fpmjms_echo_fatal     true: die with a PHP fatal error before any output
 *   fpmjms_echo_status    reply with this HTTP status (the echo body is still sent)
 *   fpmjms_echo_garbage   send a reply that breaks the contract: 'body', 'properties',
 *                         'property-name', 'body-type'
 *
 * Route param ECHO_MODE=queue: the message goes back to the worker queue itself even when
 * it has a JMSReplyTo, exactly as an ordinary queue would hold it (the conformance suite uses this).
 * Without it the echo is a reply and goes to the request's JMSReplyTo, if any.
 *
 * Speed: the common request (protocol 2 or 1, no test aid, no ECHO_MODE, the whole body received) is
 * answered with the head line "X-Fpmjms-Echo: 1" and the body as it came: the provider then takes
 * every header and property of the reply from the request it sent (docs/wire-contract.md, section
 * 3), so PHP reads no header and writes one. Under php-fpm every function and object a request
 * touches for the first time costs its run-time cache set-up, so this path costs about as much as
 * a bare echo. Any other request takes the helper's path (Request, Reply::echoOf), which is the
 * reference; the route param ECHO_PATH=helper forces it (tests compare the two).
 */
declare(strict_types=1);

use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\SapiEmitter;

$cli = PHP_SAPI === 'cli' || PHP_SAPI === 'phpdbg';
$body = $cli ? stream_get_contents(STDIN) : file_get_contents('php://input');
$body = $body === false ? '' : $body;
$s = $_SERVER;
$protocol = $s['FPMJMS_PROTOCOL'] ?? null;
if (($protocol === '2' || $protocol === '1') && !isset($s['ECHO_MODE']) && !isset($s['ECHO_PATH'])
    && !isset($s['FPMJMS_PROPERTIES_PARTS']) && !str_contains($s['FPMJMS_PROPERTIES'] ?? '', 'fpmjms_echo_')
    && (($s['CONTENT_LENGTH'] ?? '') === '' || (int) $s['CONTENT_LENGTH'] === strlen($body))) {
    if ($cli) { // the CLI SAPI has no head of its own: print it as CGI lines (tests run this way)
        echo "Status: 200 OK\r\nX-Fpmjms-Echo: 1\r\n\r\n", $body;
    } else {
        header('X-Fpmjms-Echo: 1');
        echo $body;
    }
    return;
}

// Errors go to the log (FCGI_STDERR), never into the reply body; a fatal error then gives status 500.
// (Not needed above: the fast path calls nothing that can fail.)
ini_set('display_errors', '0');
ini_set('log_errors', '1');

require_once __DIR__ . '/fpmjms.php';

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
