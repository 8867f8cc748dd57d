<?php
// Replies "met" once BARRIER requests run at the same time (counted in COUNTER_FILE under flock),
// "missed" when that has not happened within WAIT_MS: BARRIER requests at once can meet only when
// that many children are free for them.
$file = $_SERVER['COUNTER_FILE'];
$h = fopen($file, 'c+');
flock($h, LOCK_EX);
$n = (int) stream_get_contents($h) + 1;
ftruncate($h, 0);
rewind($h);
fwrite($h, (string) $n);
fflush($h);
flock($h, LOCK_UN);
fclose($h);
$end = microtime(true) + ((int) $_SERVER['WAIT_MS']) / 1000;
while ((int) file_get_contents($file) < (int) $_SERVER['BARRIER'] && microtime(true) < $end) {
    usleep(2000);
}
echo (int) file_get_contents($file) >= (int) $_SERVER['BARRIER'] ? 'met' : 'missed';
