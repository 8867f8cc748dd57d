<?php
// The fire-and-forget worker: does some "work" for each message and appends one line to the
// file named by the route param WORK_LOG. Its reply is discarded by the route (ReplyPolicy.DISCARD);
// only its status matters: 2xx done, 4xx dead-lettered at once, 5xx retried.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer

use FpmJms\Reply;
use FpmJms\Request;

$request = Request::fromGlobals();
$log = (string) ($_SERVER['WORK_LOG'] ?? '');
if ($log === '' || $log[0] !== '/') {
    // A configuration mistake, not worth a retry: 4xx sends the message to the dead-letter queue.
    Reply::text('route param WORK_LOG must be an absolute file path, was: ' . $log)->status(422)->send();
    return;
}

$job = (string) $request->text();
$digest = $job;
for ($i = 0; $i < 1000; $i++) {
    $digest = hash('sha256', $digest);  // the "work"
}
$line = sprintf("%s job=%d digest=%s pid=%d\n",
    $job, (int) $request->property('jobNumber', -1), substr($digest, 0, 16), getmypid());

// One write with LOCK_EX: several workers append to the same file at once.
if (file_put_contents($log, $line, FILE_APPEND | LOCK_EX) !== strlen($line)) {
    Reply::text('cannot append to ' . $log)->status(503)->send();  // 5xx: retried, then dead-lettered
    return;
}
Reply::create()->status(204)->send();
