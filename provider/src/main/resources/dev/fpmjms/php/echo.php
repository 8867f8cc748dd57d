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
 * Speed: the common request (protocol 1, nothing split into parts, printable ASCII properties,
 * no test aid, no ECHO_MODE) is answered by echo_fast(), which reads $_SERVER directly and sends
 * only the headers whose value differs from what the provider assumes when a header is absent
 * (docs/wire-contract.md, "Reply headers"): a few header() calls and no objects, because under
 * php-fpm every function a request calls for the first time costs its run-time cache set-up. Any
 * other request takes the helper's path (Request, Reply::echoOf), which is the reference; the route
 * param ECHO_PATH=helper forces it (tests compare the two).
 */
declare(strict_types=1);

use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\SapiEmitter;

// Errors go to the log (FCGI_STDERR), never into the reply body; a fatal error then gives status 500.
ini_set('display_errors', '0');
ini_set('log_errors', '1');

/**
 * The reply head for a plain echo, or null when the request needs the helper's path.
 *
 * @param array<string,mixed> $s the CGI params
 * @return list<array{0:string,1:string}>|null
 */
function echo_fast(array $s, string $body): ?array
{
    // Mirrors FpmJms\BodyType::contentType() and the checks of Reply::echoOf() without loading the
    // helper; PhpEchoRoundTripTest keeps the two paths equal.
    static $contentTypes = [
        'NONE' => '', 'TEXT' => 'text/plain; charset=utf-8', 'BYTES' => 'application/octet-stream',
        'MAP' => 'application/vnd.fpmjms.map+json', 'STREAM' => 'application/vnd.fpmjms.stream+json',
        'OBJECT' => 'application/x-java-serialized-object',
    ];
    $bodyType = $s['FPMJMS_BODY_TYPE'] ?? 'NONE';
    if (($s['FPMJMS_PROTOCOL'] ?? null) !== '1' || isset($s['ECHO_MODE']) || isset($s['ECHO_PATH'])
        || !isset($contentTypes[$bodyType])
        || (isset($s['CONTENT_LENGTH']) && $s['CONTENT_LENGTH'] !== '' && (int) $s['CONTENT_LENGTH'] !== strlen($body))) {
        return null;
    }
    $properties = $s['FPMJMS_PROPERTIES'] ?? null;
    if ($properties === null ? isset($s['FPMJMS_PROPERTIES_PARTS'])
        : (str_contains($properties, 'fpmjms_echo_') || str_contains($properties, '\\')
            || preg_match('/^[\x20-\x7E]*$/D', $properties) !== 1)) {
        return null;
    }
    $head = $bodyType === 'NONE' ? [] : [['Content-Type', $contentTypes[$bodyType]]];
    $head[] = ['X-Fpmjms-Protocol', '1'];
    $head[] = ['X-Fpmjms-Body-Type', $bodyType];
    if (($s['FPMJMS_BODY_NULL'] ?? null) === '1') {
        $head[] = ['X-Fpmjms-Body-Null', '1'];
    }
    // Sent as they came when in the percent form the provider writes; anything else: helper's path.
    foreach (['FPMJMS_CORRELATION_ID' => 'X-Fpmjms-Correlation-Id', 'FPMJMS_TYPE' => 'X-Fpmjms-Type',
                 'FPMJMS_MESSAGE_ID' => 'X-Fpmjms-Message-Id'] as $param => $header) {
        $v = $s[$param] ?? null;
        if ($v === null) {
            if (isset($s[$param . '_PARTS'])) {
                return null;
            }
            if ($param === 'FPMJMS_CORRELATION_ID') {
                $head[] = ['X-Fpmjms-No-Correlation-Id', '1'];
            }
        } elseif (preg_match('/^(?:[\x21-\x24\x26-\x7E]|%[0-9A-Fa-f]{2})*$/D', $v) === 1) {
            $head[] = [$header, $v];
        } else {
            return null;
        }
    }
    // Absent means: delivery mode and priority as the request's, expiration, timestamp and
    // delivery time 0 (the provider assigns them), no JMSReplyTo.
    foreach (['FPMJMS_EXPIRATION' => 'X-Fpmjms-Expiration', 'FPMJMS_TIMESTAMP' => 'X-Fpmjms-Timestamp',
                 'FPMJMS_DELIVERY_TIME' => 'X-Fpmjms-Delivery-Time'] as $param => $header) {
        $v = $s[$param] ?? '0';
        if ($v !== '0') {
            $head[] = [$header, (string) (int) $v];
        }
    }
    $replyTo = $s['FPMJMS_REPLY_TO'] ?? null;
    if ($replyTo !== null) {
        if (preg_match('/^(queue|temporary-queue|topic):[\x21-\x7E]+$/D', $replyTo) !== 1) {
            return null;
        }
        $head[] = ['X-Fpmjms-Reply-To', $replyTo];
    }
    if ($properties !== null && $properties !== '{}') {
        $head[] = ['X-Fpmjms-Properties', $properties];
    }
    return $head;
}

$cli = PHP_SAPI === 'cli' || PHP_SAPI === 'phpdbg';
$body = $cli ? stream_get_contents(STDIN) : file_get_contents('php://input');
$head = echo_fast($_SERVER, $body === false ? '' : $body);
if ($head !== null) {
    if ($cli) { // the CLI SAPI has no head of its own: print it as CGI lines (tests run this way)
        $text = "Status: 200 OK\r\n";
        foreach ($head as [$name, $value]) {
            $text .= "$name: $value\r\n";
        }
        echo $text, "\r\n", $body;
    } else {
        foreach ($head as [$name, $value]) {
            header("$name: $value");
        }
        echo $body;
    }
    return;
}

require_once __DIR__ . '/fpmjms.php';

$request = new Request($_SERVER, $body === false ? '' : $body);
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
