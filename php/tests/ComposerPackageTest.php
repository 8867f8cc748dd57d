<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The package as an application gets it: composer.json is valid for Packagist, and an
 * application that requires fpm-jms/worker from a path repository autoloads the classes (no
 * network: Packagist is switched off, the package has no dependencies).
 */
final class ComposerPackageTest extends TestCase
{
    private string $app;

    protected function setUp(): void
    {
        $this->app = sys_get_temp_dir() . '/fpmjms-app-' . bin2hex(random_bytes(4));
        mkdir($this->app);
    }

    protected function tearDown(): void
    {
        Cli::run(['rm', '-rf', '--', $this->app]);
    }

    public function testComposerJsonIsValidForPublishing(): void
    {
        $out = Cli::run([self::composer(), 'validate', '--strict', '--no-interaction', dirname(__DIR__) . '/composer.json'],
            '', $this->composerEnv());

        self::assertStringContainsString('is valid', $out);
    }

    public function testAnApplicationRequiresThePackageFromAPathRepository(): void
    {
        file_put_contents("$this->app/composer.json", json_encode([
            'name' => 'acme/mailer',
            'repositories' => [['type' => 'path', 'url' => dirname(__DIR__)], ['packagist.org' => false]],
            'require' => ['fpm-jms/worker' => '*@dev'],
        ], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
        Cli::run([self::composer(), 'install', '--no-interaction', '--no-progress'], '', $this->composerEnv(), $this->app);
        file_put_contents("$this->app/worker.php", <<<'PHP'
            <?php
            declare(strict_types=1);
            require __DIR__ . '/vendor/autoload.php';
            use FpmJms\{Reply, Request, TypedValue};
            $request = Request::fromGlobals();
            Reply::text(strtoupper((string) $request->text()))
                ->property('traceId', $request->traceContext()?->traceId() ?? 'none')
                ->property('n', TypedValue::int(1))
                ->send();
            PHP);

        $out = Cli::run(['php', "$this->app/worker.php"], 'hello', [
            'FPMJMS_PROTOCOL' => '2', 'FPMJMS_QUEUE' => 'mail', 'CONTENT_TYPE' => 'text/plain; charset=utf-8',
            'CONTENT_LENGTH' => '5', 'HTTP_TRACEPARENT' => '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        ]);

        self::assertStringContainsString(
            "X-Fpmjms-Properties: {\"traceId\":[\"string\",\"4bf92f3577b34da6a3ce929d0e0e4736\"],\"n\":[\"int\",\"1\"]}\r\n", $out);
        self::assertStringEndsWith("\r\n\r\nHELLO", $out);
    }

    /** @return array<string,string> */
    private function composerEnv(): array
    {
        return ['COMPOSER_HOME' => "$this->app/.composer", 'COMPOSER_CACHE_DIR' => "$this->app/.cache",
            'COMPOSER_ALLOW_SUPERUSER' => '1', 'COMPOSER_DISABLE_NETWORK' => '1'];
    }

    private static function composer(): string
    {
        foreach (explode(PATH_SEPARATOR, (string) getenv('PATH')) as $dir) {
            if (is_executable("$dir/composer")) {
                return "$dir/composer";
            }
        }
        self::fail('composer is not on PATH: scripts/install-deps.sh installs Debian\'s');
    }
}
