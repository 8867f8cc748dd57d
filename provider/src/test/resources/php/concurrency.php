<?php
// Counts requests running at once in a counter file (flock) and replies with the count seen on entry.
$file = $_SERVER['COUNTER_FILE'];
function bump($file, $delta) {
    $h = fopen($file, 'c+');
    flock($h, LOCK_EX);
    $n = (int) stream_get_contents($h) + $delta;
    ftruncate($h, 0);
    rewind($h);
    fwrite($h, (string) $n);
    fflush($h);
    flock($h, LOCK_UN);
    fclose($h);
    return $n;
}
$seen = bump($file, 1);
usleep(5000);
bump($file, -1);
echo $seen;
