<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use PHPUnit\Framework\TestCase;

/**
 * Every PHP snippet in the documentation (README.md, docs/*.md, php/README.md) against the helper:
 * each ```php block runs as a worker on a sample request and must send a reply with no notice or
 * warning; each inline `code` span that is PHP must parse (php -l), and where it calls the helper
 * it must name methods that exist, called as they are declared (static or not). `Class::method()` with empty parentheses is the manual's way
 * to name a method and may name an instance method; with arguments it is a call and must be static.
 */
final class DocSnippetsTest extends TestCase
{
    /** Variables the docs use for helper objects. */
    private const VARIABLES = ['req' => 'Request', 'request' => 'Request', 'reply' => 'Reply', 'context' => 'TraceContext'];

    /** A request every fenced snippet can serve: a TEXT body holding a JSON order, two properties. */
    private const SAMPLE_PARAMS = [
        'REQUEST_METHOD' => 'POST', 'FPMJMS_PROTOCOL' => '2', 'FPMJMS_QUEUE' => 'orders',
        'FPMJMS_MESSAGE_ID' => 'ID:doc-1', 'FPMJMS_TIMESTAMP' => '1700000000000',
        'CONTENT_TYPE' => 'text/plain; charset=utf-8',
        'FPMJMS_PROPERTIES' => '{"language":["string","en"],"attempt":["int","1"]}',
        'HTTP_TRACEPARENT' => '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ];
    private const SAMPLE_BODY = '{"to":"ada@example.org","orderId":"o-1","lines":[{"quantity":2,"unitPriceCents":150}]}';

    /** @return array<string,string> doc path (from the repository root) => its text */
    private static function docs(): array
    {
        $root = dirname(__DIR__, 2);
        $files = array_merge([$root . '/README.md'], glob($root . '/docs/*.md') ?: [], [dirname(__DIR__) . '/README.md']);
        $out = [];
        foreach ($files as $file) {
            if (is_file($file)) {
                $out[substr($file, strlen($root) + 1)] = (string) file_get_contents($file);
            }
        }
        return $out;
    }

    /** @return iterable<string,array{0:string}> */
    public static function fencedSnippets(): iterable
    {
        foreach (self::docs() as $path => $text) {
            // A fence may be indented (a block inside a list item): its lines lose that indent.
            preg_match_all('/^([ \t]*)```php\n(.*?)^\1```$/ms', $text, $m, PREG_SET_ORDER | PREG_OFFSET_CAPTURE);
            foreach ($m as $block) {
                [[$indent], [$code, $offset]] = [$block[1], $block[2]];
                $code = (string) preg_replace('/^' . preg_quote($indent, '/') . '/m', '', $code);
                yield $path . ':' . (substr_count($text, "\n", 0, $offset) + 1) => [$code];
            }
        }
    }

    public function testTheDocsHaveSnippetsToCheck(): void
    {
        self::assertGreaterThanOrEqual(6, iterator_count(self::fencedSnippets()));
        self::assertGreaterThanOrEqual(10, iterator_count(self::inlineSpans()));
    }

    /** @dataProvider fencedSnippets */
    #[\PHPUnit\Framework\Attributes\DataProvider('fencedSnippets')]
    public function testAFencedSnippetRunsAsAWorker(string $code): void
    {
        $file = tempnam(sys_get_temp_dir(), 'fpmjms-snippet');
        try {
            file_put_contents($file, self::runnable($code));
            $out = Cli::run(['php', '-n', '-d', 'error_reporting=-1', '-d', 'display_errors=stderr', '-d', 'log_errors=0',
                '-r', 'set_error_handler(static function (int $no, string $msg, string $file, int $line): never {'
                . ' throw new ErrorException($msg, 0, $no, $file, $line); }); require $argv[1];', $file],
                self::SAMPLE_BODY, self::SAMPLE_PARAMS + ['CONTENT_LENGTH' => (string) strlen(self::SAMPLE_BODY)]);
        } finally {
            unlink($file);
        }

        self::assertMatchesRegularExpression('/^Status: \d{3}/', $out, 'the snippet sends a reply');
    }

    /**
     * The snippet with its way of loading the helper pointed at this tree: a require of
     * fpmjms.php loads the shipped single file, a require of Composer's autoload.php the classes.
     */
    private static function runnable(string $code): string
    {
        $single = var_export(\FpmJms\Build\target(), true);
        $autoload = var_export(__DIR__ . '/bootstrap.php', true);
        $code = preg_replace("/^(\\s*)require(?:_once)?\\b[^;\\n]*fpmjms\\.php'\\s*\\)?;/m", "\$1require_once $single;", $code);
        $code = preg_replace("/^(\\s*)require(?:_once)?\\b[^;\\n]*autoload\\.php'\\s*\\)?;/m", "\$1require_once $autoload;", $code);
        return str_starts_with(ltrim($code), '<?php') ? $code : "<?php\n" . $code;
    }

    /**
     * @return iterable<string,array{0:string}> inline code spans that call the helper, or that are
     *         PHP code (a call with a variable in it, or a statement ending in ';')
     */
    public static function inlineSpans(): iterable
    {
        foreach (self::docs() as $path => $text) {
            // fenced blocks out, their lines kept so that the line numbers stay right
            $text = preg_replace_callback('/^([ \t]*)```.*?^\1```$/ms', static fn(array $m): string => str_repeat("\n", substr_count($m[0], "\n")), $text);
            preg_match_all('/`([^`\n]+)`/', (string) $text, $m, PREG_OFFSET_CAPTURE);
            foreach ($m[1] as [$span, $offset]) {
                $helper = preg_match('/(?:\b(?:' . implode('|', self::classes()) . ')::|\$(?:' . implode('|', array_keys(self::VARIABLES)) . ')->)/', $span) === 1;
                $php = str_contains($span, '(') && (str_ends_with($span, ';') || preg_match('/\$\w/', $span) === 1);
                if ($helper || $php) {
                    yield $path . ':' . (substr_count((string) $text, "\n", 0, $offset) + 1) . ' ' . $span => [$span];
                }
            }
        }
    }

    /** @dataProvider inlineSpans */
    #[\PHPUnit\Framework\Attributes\DataProvider('inlineSpans')]
    public function testAnInlineSnippetIsPhpThatCallsTheHelperAsDeclared(string $span): void
    {
        self::assertSame([], self::problems($span));
        $file = tempnam(sys_get_temp_dir(), 'fpmjms-span');
        file_put_contents($file, "<?php\n" . rtrim($span, '; ') . ";\n");
        try {
            Cli::run(['php', '-n', '-l', $file]);
        } finally {
            unlink($file);
        }
    }

    /** @return list<string> what is wrong with the helper calls in $code */
    private static function problems(string $span): array
    {
        $code = $span;
        // Strings and arguments out of the way: `Reply::text('a')->property('n', f(1))` -> `Reply::text(x)->property(x)`.
        $code = (string) preg_replace(['/\'(?:[^\'\\\\]|\\\\.)*\'/', '/"(?:[^"\\\\]|\\\\.)*"/'], "''", $code);
        $code = str_replace('FpmJms\\', '', $code);
        do {
            $code = (string) preg_replace('/\(([^()]*)\)/', '<$1>', $code, -1, $count);
        } while ($count > 0);
        $problems = [];
        preg_match_all('/(?:\$(\w+)|\b([A-Z]\w*))((?:(?:::|\??->)\w+(?:<[^<>]*(?:<[^<>]*>[^<>]*)*>)?)+)/', $code, $chains, PREG_SET_ORDER);
        foreach ($chains as $chain) {
            $class = $chain[1] !== '' ? (self::VARIABLES[$chain[1]] ?? null) : (in_array($chain[2], self::classes(), true) ? $chain[2] : null);
            preg_match_all('/(::|\??->)(\w+)(<([^<>]*(?:<[^<>]*>[^<>]*)*)>)?/', $chain[3], $steps, PREG_SET_ORDER);
            foreach ($steps as $step) {
                if ($class === null) {
                    break;
                }
                [$op, $name, $call, $args] = [$step[1], $step[2], ($step[3] ?? '') !== '', $step[4] ?? ''];
                $class = self::step($class, $op === '::', $name, $call, $args !== '', $span, $problems);
            }
        }
        return $problems;
    }

    /**
     * Checks one `::name`, `::name(...)` or `->name(...)` on $class.
     *
     * @param list<string> $problems gets what is wrong
     * @return string|null the helper class the step returns, if any
     */
    private static function step(string $class, bool $static, string $name, bool $call, bool $hasArgs, string $where, array &$problems): ?string
    {
        $rc = new \ReflectionClass('FpmJms\\' . $class);
        if (!$call) {
            $ok = $static ? $rc->hasConstant($name) : $rc->hasProperty($name);
            if (!$ok) {
                $problems[] = "$where: $class has no " . ($static ? 'constant or case' : 'property') . " $name";
            }
            return null;
        }
        if (!$rc->hasMethod($name) || !$rc->getMethod($name)->isPublic()) {
            $problems[] = "$where: $class has no public method $name()";
            return null;
        }
        $method = $rc->getMethod($name);
        if ($static && $hasArgs && !$method->isStatic()) {
            $problems[] = "$where: $class::$name() is not a static method: call it on an object";
        }
        if (!$static && $method->isStatic()) {
            $problems[] = "$where: $class::$name() is static: call it as $class::$name()";
        }
        $type = $method->getReturnType();
        $returned = $type instanceof \ReflectionNamedType ? $type->getName() : null;
        return match (true) {
            $returned === 'self' || $returned === 'static' => $class,
            $returned !== null && str_starts_with($returned, 'FpmJms\\') => substr($returned, 7),
            default => null,
        };
    }

    /** @return list<string> the helper's class names */
    private static function classes(): array
    {
        return array_map(static fn(string $f): string => basename($f, '.php'), glob(__DIR__ . '/../src/*.php') ?: []);
    }
}
