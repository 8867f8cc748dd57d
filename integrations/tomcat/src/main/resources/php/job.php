<?php
// Serves the queue "jobs" of the Tomcat example: one job per HTTP request. It appends a line to
// the file named by the route param JOB_LOG (context.xml: route.jobs.param.JOB_LOG) and, when the
// servlet waits for an answer (JMSReplyTo set), replies with a summary of the text it got.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer (composer.json here)

use FpmJms\Reply;
use FpmJms\Request;

$request = Request::fromGlobals();
$text = (string) $request->text();
$jobId = (string) $request->property('jobId', '?');
$words = preg_split('/\s+/', trim($text), -1, PREG_SPLIT_NO_EMPTY);

$log = $_SERVER['JOB_LOG'] ?? '';
if ($log !== '') {
    // One write with LOCK_EX per job: php-fpm runs several jobs at once.
    file_put_contents($log, sprintf("%s %d words pid %d\n", $jobId, count($words), getmypid()), FILE_APPEND | LOCK_EX);
}

Reply::text(json_encode([
    'jobId' => $jobId,
    'words' => count($words),
    'longest' => array_reduce($words, fn (string $a, string $w) => strlen($w) > strlen($a) ? $w : $a, ''),
    'worker' => 'PHP ' . PHP_VERSION . ' pid ' . getmypid(),
], JSON_THROW_ON_ERROR))
    ->property('words', count($words))
    ->send();
