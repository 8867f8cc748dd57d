<?php
/*
 * Runs a worker script under the PHP CLI as php-fpm would run it, for tests without php-fpm:
 *
 *     php cli-runner.php PARAMS.json SCRIPT.php < body
 *
 * PARAMS.json is a JSON object of CGI params; they become $_SERVER entries, each cut at its first
 * NUL as php-fpm does (it reads values as C strings). The body comes on STDIN, where
 * FpmJms\Request::fromGlobals() reads it under the CLI SAPI. Output is the CGI response on STDOUT;
 * a fatal error before the head is sent gives "Status: 500" and an empty body, like php-fpm with
 * display_errors off, and the error goes to STDERR.
 */
declare(strict_types=1);

ini_set('display_errors', 'stderr');
ini_set('log_errors', '0');
$params = json_decode(file_get_contents($argv[1]), true, 16, JSON_THROW_ON_ERROR);
foreach ($params as $name => $value) {
    $cut = strpos($value, "\0");
    $_SERVER[$name] = $cut === false ? $value : substr($value, 0, $cut);
}
$script = $argv[2];
ob_start();
register_shutdown_function(static function (): void {
    $e = error_get_last();
    $fatal = $e !== null && in_array($e['type'], [E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR], true);
    if ($fatal) {
        ob_end_clean();
        echo "Status: 500 Internal Server Error\r\nContent-type: text/html; charset=UTF-8\r\n\r\n";
    } else {
        ob_end_flush();
    }
});
require $script;
