<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use PHPUnit\Framework\TestCase;

use function FpmJms\Build\build;
use function FpmJms\Build\difference;
use function FpmJms\Build\target;

use const FpmJms\Build\CLASSES;

require_once __DIR__ . '/../build/single-file.php';

/**
 * The single-file helper the provider jar ships (fpmjms.php) is built from these classes: one
 * source, checked here, and the file works on its own, without an autoloader.
 */
final class SingleFileTest extends TestCase
{
    public function testTheShippedFileIsBuiltFromTheClasses(): void
    {
        $built = build(__DIR__ . '/../src');
        $committed = (string) file_get_contents(target());

        self::assertTrue($built === $committed, difference($committed, $built));
    }

    public function testTheShippedFileWorksAloneAndDeclaresEveryClassAtOnce(): void
    {
        $script = 'require ' . var_export(target(), true) . ';'
            . '$missing = array_filter(' . var_export(CLASSES, true) . ', static fn($c) => !class_exists("FpmJms\\\\$c", false) && !interface_exists("FpmJms\\\\$c", false));'
            . 'if ($missing !== []) { echo "not declared: ", implode(", ", $missing); exit(1); }'
            . 'FpmJms\Reply::echoOf(FpmJms\Request::fromGlobals())->property("seen", true)->send();';

        $out = Cli::run(['php', '-n', '-r', $script], 'ping', [
            'FPMJMS_PROTOCOL' => '2', 'FPMJMS_QUEUE' => 'q', 'FPMJMS_MESSAGE_ID' => 'ID:1',
            'CONTENT_TYPE' => 'text/plain; charset=utf-8', 'CONTENT_LENGTH' => '4',
        ]);

        self::assertStringStartsWith("Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n", $out);
        self::assertStringContainsString("X-Fpmjms-Message-Id: ID:1\r\n", $out);
        self::assertStringContainsString("X-Fpmjms-Properties: {\"seen\":[\"boolean\",\"true\"]}\r\n", $out);
        self::assertStringEndsWith("\r\n\r\nping", $out);
    }

    public function testTheBuildRefusesAClassItCannotConcatenate(): void
    {
        $dir = sys_get_temp_dir() . '/fpmjms-single-' . bin2hex(random_bytes(4));
        mkdir($dir);
        try {
            foreach (glob(__DIR__ . '/../src/*.php') as $file) {
                copy($file, $dir . '/' . basename($file));
            }
            file_put_contents("$dir/Pct.php", str_replace("namespace FpmJms;\n", "namespace FpmJms;\n\nuse Foo\\Bar;\n",
                (string) file_get_contents("$dir/Pct.php")));
            self::assertBuildFails($dir, "/Pct.php must start with exactly");

            file_put_contents("$dir/Extra.php", "<?php\n");
            self::assertBuildFails($dir, 'classes not listed in php/build/single-file.php CLASSES: Extra');

            unlink("$dir/Extra.php");
            unlink("$dir/Names.php");
            self::assertBuildFails($dir, '/Names.php is missing (listed in CLASSES)');
        } finally {
            array_map('unlink', glob("$dir/*.php") ?: []);
            rmdir($dir);
        }
    }

    private static function assertBuildFails(string $dir, string $message): void
    {
        try {
            build($dir);
            self::fail("the build should fail: $message");
        } catch (\RuntimeException $e) {
            self::assertStringContainsString($message, $e->getMessage());
        }
    }
}
