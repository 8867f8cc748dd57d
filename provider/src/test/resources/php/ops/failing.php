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
    default:
        header('Content-Type: text/plain; charset=utf-8');
        echo 'done:' . $cmd;
}
