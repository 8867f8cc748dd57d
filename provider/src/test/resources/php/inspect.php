<?php
// Echoes what arrived: body length and md5, and length and md5 of the params X_BIG1 . X_BIG2.
$body = file_get_contents('php://input');
$big = ($_SERVER['X_BIG1'] ?? '') . ($_SERVER['X_BIG2'] ?? '');
header('Content-Type: application/json');
echo json_encode([
    'bodyLength' => strlen($body),
    'bodyMd5' => md5($body),
    'bigLength' => strlen($big),
    'bigMd5' => md5($big),
    'method' => $_SERVER['REQUEST_METHOD'] ?? null,
    'unicode' => $_SERVER['X_UNICODE'] ?? null,
    'pid' => getmypid(),
]);
