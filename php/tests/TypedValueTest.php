<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use FpmJms\TypedJson;
use FpmJms\TypedValue;
use FpmJms\WireFormatError;
use PHPUnit\Framework\TestCase;

/** Typed values: every JMS type, its wire text, its range, and the errors. */
final class TypedValueTest extends TestCase
{
    public function testEveryTypeReadsAndWritesBackTheSameWireForm(): void
    {
        $wire = '{"b":["boolean","false"],"y":["byte","127"],"s":["short","-32768"],"i":["int","-2147483648"],'
            . '"l":["long","-9223372036854775808"],"f":["float","3.4028235E38"],"d":["double","4.9E-324"],'
            . '"nan":["double","NaN"],"inf":["float","-Infinity"],"str":["string","a\"b"],"w":["wtf8","x%FFy"],'
            . '"c":["char","65"],"hi":["char","55357"],"raw":["bytes","AP8="],"n":null}';

        $values = TypedJson::decodeObject($wire, 'map body');

        self::assertSame($wire, TypedJson::encodeObject($values), 'type and text pass through unchanged');
        self::assertFalse($values['b']->value);
        self::assertSame(PHP_INT_MIN, $values['l']->value);
        self::assertNan($values['nan']->value);
        self::assertSame(-INF, $values['inf']->value);
        self::assertSame("x\xFFy", $values['w']->value);
        self::assertSame('A', $values['c']->value);
        self::assertSame("\xED\xA0\xBD", $values['hi']->value, 'a lone surrogate char as its 3-byte form');
        self::assertSame("\x00\xFF", $values['raw']->value);
        self::assertNull($values['n']->value);
        self::assertSame('null', $values['n']->type);
    }

    public function testPhpValuesTakeTheirNaturalType(): void
    {
        self::assertSame(['long', '5'], TypedValue::of(5)->toWire());
        self::assertSame(['double', '1.5'], TypedValue::of(1.5)->toWire());
        self::assertSame(['double', '1.0'], TypedValue::of(1.0)->toWire(), 'a whole double keeps its .0');
        self::assertSame(['boolean', 'true'], TypedValue::of(true)->toWire());
        self::assertSame(['string', 'é'], TypedValue::of('é')->toWire());
        self::assertSame(['wtf8', 'a%80%25'], TypedValue::of("a\x80%")->toWire(), 'bytes that are not UTF-8');
        self::assertNull(TypedValue::of(null)->toWire());
        $typed = TypedValue::short(3);
        self::assertSame($typed, TypedValue::of($typed));
    }

    public function testAFloatIsRoundedToSinglePrecisionAndWrittenExactly(): void
    {
        $f = TypedValue::float(1.1);

        self::assertSame('float', $f->type);
        self::assertSame((float) unpack('G', pack('G', 1.1))[1], $f->value);
        self::assertSame($f->value, TypedValue::fromWire(['float', $f->text], 'x')->value, 'the text reads back the same');
        self::assertSame('NaN', TypedValue::double(NAN)->text);
        self::assertSame('Infinity', TypedValue::double(INF)->text);
        self::assertSame('-0.0', TypedValue::double(-0.0)->text);
    }

    public function testCharsAreOneUtf16CodeUnit(): void
    {
        self::assertSame(['char', '233'], TypedValue::char('é')->toWire());
        self::assertSame(['char', '65'], TypedValue::char(65)->toWire());
        self::assertSame('A', TypedValue::char(65)->value);
        try {
            TypedValue::char('😀');
            self::fail('a character outside the BMP is two code units');
        } catch (\InvalidArgumentException $e) {
            self::assertSame('char must be one UTF-16 code unit, got 2', $e->getMessage());
        }
        $this->expectExceptionMessage('char value 65536 is outside 0..65535');
        TypedValue::char(65536);
    }

    public function testBytesTravelAsBase64(): void
    {
        self::assertSame(['bytes', 'AAH/'], TypedValue::bytes("\x00\x01\xFF")->toWire());
    }

    /** @return iterable<string,array{0:callable,1:string}> */
    public static function outOfRange(): iterable
    {
        yield 'byte' => [static fn() => TypedValue::byte(128), 'byte value 128 is outside -128..127'];
        yield 'short' => [static fn() => TypedValue::short(-32769), 'short value -32769 is outside -32768..32767'];
        yield 'int' => [static fn() => TypedValue::int(2147483648), 'int value 2147483648 is outside -2147483648..2147483647'];
        yield 'no JMS type' => [static fn() => TypedValue::of([1]), 'no JMS type for PHP array'];
        yield 'an object' => [static fn() => TypedValue::of(new \stdClass()), 'no JMS type for PHP stdClass'];
    }

    /** @dataProvider outOfRange */
    #[\PHPUnit\Framework\Attributes\DataProvider('outOfRange')]
    public function testAValueOutsideItsTypeIsRejectedNamingIt(callable $make, string $message): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage($message);
        $make();
    }

    /** @return iterable<string,array{0:mixed,1:string}> */
    public static function badWireValues(): iterable
    {
        yield 'three elements' => [['int', '1', 'x'], 'v: expected a typed value ["type","text"]'];
        yield 'an object' => [['type' => 'int', 'text' => '1'], 'v: expected a typed value'];
        yield 'a bare string' => ['5', 'v: expected a typed value'];
        yield 'char out of range' => [['char', '65536'], "v: char value '65536' is not a decimal integer in 0..65535"];
        yield 'negative char' => [['char', '-1'], "v: char value '-1' is not a decimal integer in 0..65535"];
        yield 'bytes not base64' => [['bytes', 'A*=='], 'v: bytes value is not base64'];
        yield 'double with a suffix' => [['double', '1d'], "v: double value '1d'"];
        yield 'double blank' => [['double', ' 1.0'], "v: double value ' 1.0'"];
    }

    /** @dataProvider badWireValues */
    #[\PHPUnit\Framework\Attributes\DataProvider('badWireValues')]
    public function testAWireValueThatBreaksTheContractIsRejectedNamingWhere(mixed $json, string $message): void
    {
        $this->expectException(WireFormatError::class);
        $this->expectExceptionMessage($message);
        TypedValue::fromWire($json, 'v');
    }

    public function testOnlyScalarTypesArePropertyTypes(): void
    {
        self::assertTrue(TypedValue::int(1)->isPropertyType());
        self::assertTrue(TypedValue::string("\xFF")->isPropertyType(), 'wtf8 is a String');
        self::assertFalse(TypedValue::char('a')->isPropertyType());
        self::assertFalse(TypedValue::bytes('a')->isPropertyType());
        self::assertFalse(TypedValue::null()->isPropertyType());
    }
}
