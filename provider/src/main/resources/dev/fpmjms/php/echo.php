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
 * a bare echo. Any other request takes the helper's path (echo-helper.php: Request,
 * Reply::echoOf), which is the reference; the route param ECHO_PATH=helper forces it (tests
 * compare the two). The helper's path is a file of its own, and this one names as few variables
 * as it can, because PHP binds every variable a top-level script names to the global symbol
 * table when the script starts and unbinds it when it ends, whether the code that uses it runs or
 * not (docs/benchmarks.md measures what that costs).
 */
declare(strict_types=1);

$body = PHP_SAPI === 'cli' || PHP_SAPI === 'phpdbg' ? stream_get_contents(STDIN) : file_get_contents('php://input');
$s = $_SERVER;
if (match ($s['FPMJMS_PROTOCOL'] ?? null) { '2', '1' => true, default => false }
    && !isset($s['ECHO_MODE']) && !isset($s['ECHO_PATH']) && !isset($s['FPMJMS_PROPERTIES_PARTS'])
    && !str_contains($s['FPMJMS_PROPERTIES'] ?? '', 'fpmjms_echo_') && $body !== false
    && (($s['CONTENT_LENGTH'] ?? '') === '' || (int) $s['CONTENT_LENGTH'] === strlen($body))) {
    if (PHP_SAPI === 'cli' || PHP_SAPI === 'phpdbg') { // the CLI has no head of its own: print CGI lines (tests run this way)
        echo "Status: 200 OK\r\nX-Fpmjms-Echo: 1\r\n\r\n", $body;
    } else {
        header('X-Fpmjms-Echo: 1');
        echo $body;
    }
    return;
}

require __DIR__ . '/echo-helper.php';
