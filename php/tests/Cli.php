<?php

declare(strict_types=1);

namespace FpmJms\Tests;

/** Runs a PHP CLI process: environment variables become $_SERVER entries, as params do under php-fpm. */
final class Cli
{
    /**
     * @param list<string>          $command
     * @param array<string,string>  $env added to this process's environment
     * @return string standard output
     * @throws \RuntimeException with the exit code and standard error when the process fails
     */
    public static function run(array $command, string $stdin = '', array $env = [], ?string $cwd = null): string
    {
        $errFile = (string) tempnam(sys_get_temp_dir(), 'fpmjms-cli-err');
        // stderr to a file: reading two pipes one after the other could block on a full one
        $process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $errFile, 'w']],
            $pipes, $cwd, $env + getenv());
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot start ' . implode(' ', $command));
        }
        fwrite($pipes[0], $stdin);
        fclose($pipes[0]);
        $out = (string) stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        $code = proc_close($process);
        $err = (string) file_get_contents($errFile);
        unlink($errFile);
        if ($code !== 0) {
            throw new \RuntimeException(implode(' ', $command) . " exited with $code: $err$out");
        }
        return $out;
    }
}
