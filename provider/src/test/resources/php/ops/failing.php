<?php
// Failure-reply test worker: the request body says how to fail.
$cmd = trim(file_get_contents('php://input'));
switch ($cmd) {
    case '500':
        http_response_code(500);
        error_log('invoice 17: database is down');
        echo 'not done';
        break;
    case 'fatal':
        invoice_total_that_does_not_exist(17);
        break;
    case '422':
        http_response_code(422);
        error_log('invoice 17: no such customer');
        break;
    case 'never':
        http_response_code(500);
        header('X-Fpmjms-Retry: never');
        error_log('invoice 17: already paid');
        break;
    case 'after':
    case '422-after':
        if ((int) ($_SERVER['FPMJMS_DELIVERY_COUNT'] ?? 1) === 1) {
            http_response_code($cmd === 'after' ? 503 : 429);
            header('X-Fpmjms-Retry: after=0');
            break;
        }
        header('Content-Type: text/plain; charset=utf-8');
        echo 'done:' . $cmd . ':' . $_SERVER['FPMJMS_DELIVERY_COUNT'];
        break;
    case 'garbled':
        // properties that are not JSON: against the wire contract, a retry cannot help
        header('Content-Type: text/plain; charset=utf-8');
        header('X-Fpmjms-Properties: {"a":["int","1"');
        echo 'x';
        break;
    case 'bad-retry':
        http_response_code(500);
        header('X-Fpmjms-Retry: soon');
        break;
    default:
        header('Content-Type: text/plain; charset=utf-8');
        echo 'done:' . $cmd;
}
