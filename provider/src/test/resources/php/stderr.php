<?php
// error_log() without an error_log file goes to the SAPI logger: php-fpm sends it as FastCGI STDERR.
ini_set('error_log', '');
error_log('fpmjms-stderr-marker ' . ($_SERVER['X_MARK'] ?? ''));
// Writing to the stderr stream goes to the worker's fd 2: with catch_workers_output php-fpm's log gets it.
file_put_contents('php://stderr', 'fpmjms-fd2-marker ' . ($_SERVER['X_MARK'] ?? '') . "\n");
echo "ok";
