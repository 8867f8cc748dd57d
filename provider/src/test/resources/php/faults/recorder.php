<?php
/*
 * Fault-test worker: counts what it sees, so tests can count deliveries from PHP's side.
 *
 * Route param FAULTS_DIR: a directory shared with the test, holding
 *   attempts/<md5 of id>  one line per run of this message: "<FPMJMS_DELIVERY_COUNT> <FPMJMS_REDELIVERED> <pid>"
 *   done.log              one line per run that did the work: "<message id> <pid>"
 * Both are appended under flock, one whole line per write.
 *
 * Switches, read from request properties:
 *   faults_fail_first   int N: reply Status 500 on the first N runs of this message
 *   faults_sleep_ms     sleep that many ms on every run, before the work
 *   faults_sleep_first_ms  sleep that many ms on the first run only
 *   faults_kill         'always' or 'first': write part of a reply, flush it, then SIGKILL this
 *                       process (a worker crash mid-output)
 * The reply echoes the request, plus properties faults_seen ("<count>:<redelivered>,..." over
 * every run) and faults_pid.
 */
declare(strict_types=1);

ini_set('display_errors', '0');
ini_set('log_errors', '1');

require_once 'fpmjms.php';

use FpmJms\Reply;
use FpmJms\Request;

function append_line(string $file, string $line): void
{
    $f = fopen($file, 'ab');
    if ($f === false || !flock($f, LOCK_EX)) {
        throw new RuntimeException("cannot lock $file");
    }
    fwrite($f, $line . "\n");
    fflush($f);
    flock($f, LOCK_UN);
    fclose($f);
}

$request = Request::fromGlobals();
$dir = $_SERVER['FAULTS_DIR'] ?? '';
if ($dir === '' || !is_dir($dir)) {
    error_log('recorder.php: FAULTS_DIR is not a directory: ' . $dir);
    Reply::text('FAULTS_DIR is not set')->status(500)->send();
    exit;
}
$id = (string) $request->messageId();
$attemptsFile = $dir . '/attempts/' . md5($id);
append_line($attemptsFile, $request->deliveryCount() . ' ' . ($request->redelivered() ? 1 : 0) . ' ' . getmypid());
$runs = file($attemptsFile, FILE_IGNORE_NEW_LINES);
$run = count($runs);

$sleepFirst = (int) $request->property('faults_sleep_first_ms', 0);
if ($run === 1 && $sleepFirst > 0) {
    usleep($sleepFirst * 1000);
}
$sleep = (int) $request->property('faults_sleep_ms', 0);
if ($sleep > 0) {
    usleep($sleep * 1000);
}
$kill = (string) $request->property('faults_kill', '');
if ($kill === 'always' || ($kill === 'first' && $run === 1)) {
    header('Content-Type: text/plain');
    echo 'partial reply, then the worker dies';
    while (ob_get_level() > 0) {
        ob_end_flush(); // php.ini's output_buffering would keep the partial reply in PHP
    }
    flush();
    posix_kill(getmypid(), 9); // SIGKILL: the constant comes with pcntl, which php-fpm does not load
}
if ($run <= (int) $request->property('faults_fail_first', 0)) {
    Reply::text("failing run $run on purpose")->status(500)->send();
    exit;
}

append_line($dir . '/done.log', $id . ' ' . getmypid());
$seen = implode(',', array_map(static function (string $line): string {
    [$count, $redelivered] = explode(' ', $line);
    return $count . ':' . $redelivered;
}, $runs));
Reply::echoOf($request)->property('faults_seen', $seen)->property('faults_pid', getmypid())->send();
