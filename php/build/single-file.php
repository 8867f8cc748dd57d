<?php

/*
 * Builds the single-file helper fpmjms.php from the package's classes (php/src/), which are the
 * one source: the provider jar ships the file (provider/src/main/resources/dev/fpmjms/php/) for
 * workers without Composer, and the embedded php-fpm preloads it.
 *
 *     php php/build/single-file.php           writes the file
 *     php php/build/single-file.php --check   exits 1 when the committed file differs
 *
 * PHPUnit's SingleFileTest runs the check, so a class edited without rebuilding fails the tests.
 */

declare(strict_types=1);

namespace FpmJms\Build;

/**
 * The classes in declaration order: an interface before the classes that implement it, so that
 * PHP (and OPcache preloading) declares every class when the file is compiled.
 */
const CLASSES = [
    'WireFormatError', 'BodyType', 'DeliveryMode', 'Pct', 'TypedValue', 'TypedJson', 'TraceContext',
    'Request', 'Emitter', 'SapiEmitter', 'Reply', 'Destination', 'Names',
];

/** What every class file starts with; the single file has it once. */
const CLASS_PROLOGUE = "<?php\n\ndeclare(strict_types=1);\n\nnamespace FpmJms;\n\n";

const HEAD = <<<'PHP'
<?php
/*
 * fpm-jms PHP helper, wire protocol versions 1 and 2 (docs/wire-contract.md).
 *
 * A worker under php-fpm does:
 *
 *     require __DIR__ . '/fpmjms.php';
 *     $request = FpmJms\Request::fromGlobals();
 *     FpmJms\Reply::text('done: ' . $request->text())->send();
 *
 * No Composer, no extensions beyond a default PHP 8.2 (json, pcre); mbstring is not used.
 * With Composer, require fpm-jms/worker instead: the same classes, autoloaded (php/ in the
 * fpm-jms repository).
 *
 * GENERATED from the classes in php/src/ by php/build/single-file.php: edit them, not this file.
 */
declare(strict_types=1);

namespace FpmJms;

PHP;

/**
 * The single file's text built from the class files in $srcDir.
 *
 * @throws \RuntimeException when a class file is missing, not listed in CLASSES, or does not start
 *                           with CLASS_PROLOGUE (a `use` line would not survive the concatenation)
 */
function build(string $srcDir): string
{
    $found = array_map(static fn(string $f): string => basename($f, '.php'), glob($srcDir . '/*.php') ?: []);
    $unlisted = array_diff($found, CLASSES);
    if ($unlisted !== []) {
        throw new \RuntimeException('classes not listed in php/build/single-file.php CLASSES: '
            . implode(', ', $unlisted));
    }
    $out = HEAD;
    foreach (CLASSES as $class) {
        $file = "$srcDir/$class.php";
        $code = @file_get_contents($file);
        if ($code === false) {
            throw new \RuntimeException("$file is missing (listed in CLASSES)");
        }
        if (!str_starts_with($code, CLASS_PROLOGUE)) {
            throw new \RuntimeException("$file must start with exactly " . json_encode(CLASS_PROLOGUE)
                . ' (no use lines: write global names as \\Name)');
        }
        $out .= "\n" . substr($code, strlen(CLASS_PROLOGUE));
    }
    return $out;
}

/**
 * Why $committed is not $built: the first line that differs, and what to do. An edit made to the
 * built file belongs in the class it came from: running the build would otherwise undo it.
 */
function difference(string $committed, string $built): string
{
    $a = explode("\n", $committed);
    $b = explode("\n", $built);
    $line = 0;
    while ($line < count($a) && $line < count($b) && $a[$line] === $b[$line]) {
        $line++;
    }
    return 'provider/src/main/resources/dev/fpmjms/php/fpmjms.php is not what php/build/single-file.php builds from'
        . ' php/src: first difference at line ' . ($line + 1) . ': ' . json_encode($a[$line] ?? '(end of file)')
        . ' where the build gives ' . json_encode($b[$line] ?? '(end of file)') . '. Make the change in the class'
        . ' in php/src (never in fpmjms.php itself), then run: php php/build/single-file.php';
}

/** Where the provider jar takes the file from. */
function target(): string
{
    return dirname(__DIR__, 2) . '/provider/src/main/resources/dev/fpmjms/php/fpmjms.php';
}

if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    $text = build(dirname(__DIR__) . '/src');
    if (in_array('--check', $argv, true)) {
        $committed = (string) @file_get_contents(target());
        if ($committed !== $text) {
            fwrite(STDERR, difference($committed, $text) . "\n");
            exit(1);
        }
        exit(0);
    }
    file_put_contents(target(), $text);
    echo 'wrote ', target(), ' (', strlen($text), " bytes)\n";
}
