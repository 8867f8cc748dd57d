<?php
// Serves the queue "jobs" of the Jakarta EE example: answers with the text reversed and counted.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer (composer.json here)

use FpmJms\Reply;
use FpmJms\Request;

$request = Request::fromGlobals();
$text = (string) $request->text();

Reply::text(json_encode([
    'reversed' => strrev($text),
    'length' => strlen($text),
    'app' => (string) ($_SERVER['APP_NAME'] ?? ''),
    'worker' => 'PHP ' . PHP_VERSION . ' pid ' . getmypid(),
], JSON_THROW_ON_ERROR))->send();
