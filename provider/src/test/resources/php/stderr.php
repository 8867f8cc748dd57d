<?php
// error_log() without an error_log file goes to the SAPI logger: php-fpm sends it as FastCGI STDERR.
ini_set('error_log', '');
error_log('fpmjms-stderr-marker ' . ($_SERVER['X_MARK'] ?? ''));
echo "ok";
