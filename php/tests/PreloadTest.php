<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use PHPUnit\Framework\TestCase;

use function FpmJms\Build\target;

use const FpmJms\Build\CLASSES;

require_once __DIR__ . '/../build/single-file.php';

/** OPcache preloading declares every class of the helper: preload.php (Composer) and fpmjms.php. */
final class PreloadTest extends TestCase
{
    public function testPreloadPhpDeclaresEveryClass(): void
    {
        self::assertSame('declared: ' . implode(',', CLASSES), self::declaredAfterPreloading(dirname(__DIR__) . '/preload.php'));
    }

    public function testTheSingleFileCanBePreloaded(): void
    {
        self::assertSame('declared: ' . implode(',', CLASSES), self::declaredAfterPreloading(target()));
    }

    private static function declaredAfterPreloading(string $script): string
    {
        $check = '$d = array_filter(' . var_export(CLASSES, true) . ', static fn($c) => class_exists("FpmJms\\\\$c", false)'
            . ' || interface_exists("FpmJms\\\\$c", false)); echo "declared: ", implode(",", $d);';
        return Cli::run(['php', '-n', '-d', 'zend_extension=opcache', '-d', 'opcache.enable_cli=1',
            '-d', "opcache.preload=$script", '-d', 'opcache.preload_user=' . posix_getpwuid(posix_geteuid())['name'],
            '-r', $check]);
    }
}
