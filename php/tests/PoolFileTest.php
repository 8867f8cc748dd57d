<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The sample pool file (php/fpm-jms-pool.conf) is one php-fpm accepts: `php-fpm -t` on it, with
 * only its paths moved to a temp dir and its users and groups to ones this machine has.
 */
final class PoolFileTest extends TestCase
{
    public function testPhpFpmAcceptsTheSamplePool(): void
    {
        $dir = sys_get_temp_dir() . '/fpmjms-pool-' . bin2hex(random_bytes(4));
        mkdir($dir);
        try {
            $pool = (string) file_get_contents(__DIR__ . '/../fpm-jms-pool.conf');
            $me = posix_getpwuid(posix_geteuid())['name'];
            $myGroup = posix_getgrgid(posix_getegid())['name'];
            $pool = str_replace(['/run/php/', '/var/log/'], ["$dir/", "$dir/"], $pool);
            $pool = (string) preg_replace('/^listen\.owner = .*$/m', "listen.owner = $me", $pool);
            $pool = (string) preg_replace('/^listen\.group = .*$/m', "listen.group = $myGroup", $pool);
            if (posix_geteuid() !== 0) {
                $pool = (string) preg_replace('/^(user|group) = .*$/m', '', $pool); // ignored unless root
            }
            file_put_contents("$dir/pool.conf", $pool);
            file_put_contents("$dir/php-fpm.conf", "[global]\npid = $dir/php-fpm.pid\nerror_log = $dir/php-fpm.log\n"
                . "include = $dir/pool.conf\n");

            $out = Cli::run([self::phpFpm(), '-n', '-t', '-y', "$dir/php-fpm.conf"]);

            self::assertStringContainsString('test is successful', $out . (string) @file_get_contents("$dir/php-fpm.log"));
        } finally {
            array_map('unlink', glob("$dir/*") ?: []);
            rmdir($dir);
        }
    }

    public function testTheTerminateTimeoutIsShorterThanTheDefaultReadTimeout(): void
    {
        preg_match('/^request_terminate_timeout = (\d+)s$/m', (string) file_get_contents(__DIR__ . '/../fpm-jms-pool.conf'), $m);

        self::assertNotEmpty($m, 'request_terminate_timeout in seconds');
        self::assertLessThan(30, (int) $m[1], 'route.<queue>.readTimeout defaults to 30s');
    }

    private static function phpFpm(): string
    {
        foreach (explode(PATH_SEPARATOR, (string) getenv('PATH')) as $dir) {
            if (is_executable("$dir/php-fpm")) {
                return "$dir/php-fpm";
            }
        }
        $found = glob('/usr/sbin/php-fpm*') ?: [];
        self::assertNotEmpty($found, 'php-fpm is installed (scripts/install-deps.sh)');
        return $found[0];
    }
}
