<?php
// Dead-letter tooling test worker: fails (500, a line on stderr) while a file named "broken" lies
// next to this script, and echoes the body once it is gone (the "fix").
$body = file_get_contents('php://input');
if (file_exists(__DIR__ . '/broken')) {
    http_response_code(500);
    error_log('flaky: broken, cannot do ' . $body);
    echo 'not done';
    return;
}
header('Content-Type: text/plain; charset=utf-8');
echo 'done:' . $body;
