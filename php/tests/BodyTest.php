<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use FpmJms\BodyType;
use FpmJms\Reply;
use FpmJms\TypedValue;
use FpmJms\WireFormatError;
use PHPUnit\Framework\TestCase;

/** Every body type: read from a request (both protocols), written in a reply, and read back. */
final class BodyTest extends TestCase
{
    public function testATextBody(): void
    {
        $r = Wire::request(['CONTENT_TYPE' => 'text/plain; charset=utf-8'], 'grüße');

        self::assertSame(BodyType::TEXT, $r->bodyType());
        self::assertSame('grüße', $r->text());
        self::assertFalse($r->bodyIsNull());
        $reply = Reply::text('grüße');
        self::assertSame('text/plain; charset=utf-8', Wire::headers($reply)['Content-Type']);
        self::assertSame('grüße', Wire::asRequest($reply)->text());
    }

    public function testANullTextIsNotAnEmptyText(): void
    {
        $r = Wire::request(['CONTENT_TYPE' => 'text/plain; charset=utf-8', 'FPMJMS_BODY_NULL' => '1']);

        self::assertNull($r->text());
        self::assertSame('', Wire::request(['CONTENT_TYPE' => 'text/plain; charset=utf-8'])->text());
        $reply = Reply::text(null);
        self::assertSame('1', Wire::headers($reply)['X-Fpmjms-Body-Null']);
        self::assertNull(Wire::asRequest($reply)->text());
        self::assertArrayNotHasKey('X-Fpmjms-Body-Null', Wire::headers(Reply::text('')));
    }

    public function testABytesBody(): void
    {
        $bytes = "\x00\xFF\r\n";
        $r = Wire::request(['CONTENT_TYPE' => 'application/octet-stream'], $bytes);

        self::assertSame(BodyType::BYTES, $r->bodyType());
        self::assertSame($bytes, $r->bytes());
        $reply = Reply::create()->withBytes($bytes);
        self::assertSame(['BYTES', 'application/octet-stream'],
            [Wire::headers($reply)['X-Fpmjms-Body-Type'], Wire::headers($reply)['Content-Type']]);
        self::assertSame($bytes, Wire::asRequest($reply)->bytes());
    }

    public function testAMapBody(): void
    {
        $json = '{"n":["int","5"],"raw":["bytes","AP8="],"c":["char","65"],"none":null,"ok":["boolean","true"]}';
        $r = Wire::request(['CONTENT_TYPE' => 'application/vnd.fpmjms.map+json'], $json);

        self::assertSame(['n' => 5, 'raw' => "\x00\xFF", 'c' => 'A', 'none' => null, 'ok' => true], $r->map());
        self::assertSame('int', $r->typedMap()['n']->type);
        $reply = Reply::create()->withMap(['n' => TypedValue::int(5), 'total' => 12, 'price' => 1.5, 'tags' => null]);
        self::assertSame('{"n":["int","5"],"total":["long","12"],"price":["double","1.5"],"tags":null}', $reply->body());
        self::assertSame(['n' => 5, 'total' => 12, 'price' => 1.5, 'tags' => null], Wire::asRequest($reply)->map());
    }

    public function testAStreamBody(): void
    {
        $r = Wire::request(['CONTENT_TYPE' => 'application/vnd.fpmjms.stream+json'], '[["int","1"],null,["string","x"]]');

        self::assertSame([1, null, 'x'], $r->stream());
        self::assertSame(['int', 'null', 'string'], array_map(static fn($t) => $t->type, $r->typedStream()));
        $reply = Reply::create()->withStream(['a' => TypedValue::byte(1), 'b' => 'x']);
        self::assertSame('[["byte","1"],["string","x"]]', $reply->body(), 'keys dropped, order kept');
        self::assertSame([1, 'x'], Wire::asRequest($reply)->stream());
    }

    public function testAnObjectBodyIsPassedOnAsBytes(): void
    {
        $serialized = "\xAC\xED\x00\x05t\x00\x02hi";
        $r = Wire::request(['CONTENT_TYPE' => 'application/x-java-serialized-object'], $serialized);

        self::assertSame(BodyType::OBJECT, $r->bodyType());
        self::assertSame($serialized, $r->rawBody());
        $reply = Reply::create()->withObject($serialized);
        self::assertSame('OBJECT', Wire::headers($reply)['X-Fpmjms-Body-Type']);
        self::assertSame($serialized, $reply->body());
        self::assertSame('1', Wire::headers(Reply::create()->withObject(null))['X-Fpmjms-Body-Null']);
    }

    public function testNoBody(): void
    {
        $r = Wire::request();

        self::assertSame(BodyType::NONE, $r->bodyType());
        self::assertSame('', $r->rawBody());
        $h = Wire::headers(Reply::text('x')->withoutBody());
        self::assertSame('NONE', $h['X-Fpmjms-Body-Type']);
        self::assertArrayNotHasKey('Content-Type', $h);
    }

    public function testProtocol1NamesTheBodyTypeInAParam(): void
    {
        $r = Wire::request(['FPMJMS_PROTOCOL' => '1', 'FPMJMS_BODY_TYPE' => 'BYTES', 'CONTENT_TYPE' => 'text/plain'], 'x');

        self::assertSame(BodyType::BYTES, $r->bodyType(), 'FPMJMS_BODY_TYPE wins over CONTENT_TYPE');
    }

    /** @return iterable<string,array{0:array<string,string>,1:string,2:callable,3:string}> */
    public static function bodyErrors(): iterable
    {
        yield 'wrong accessor' => [['CONTENT_TYPE' => 'application/octet-stream'], 'x',
            static fn($r) => $r->text(), 'the body is BYTES, not TEXT'];
        yield 'unknown content type' => [['CONTENT_TYPE' => 'application/json'], '{}',
            static fn($r) => $r->bodyType(), "CONTENT_TYPE 'application/json' is not a body type of the wire contract"];
        yield 'unknown body type' => [['FPMJMS_BODY_TYPE' => 'PARCEL'], '',
            static fn($r) => $r->bodyType(), "FPMJMS_BODY_TYPE 'PARCEL' is unknown"];
        yield 'map not JSON' => [['CONTENT_TYPE' => 'application/vnd.fpmjms.map+json'], '{"a":',
            static fn($r) => $r->map(), 'map body: invalid JSON'];
        yield 'map is a list' => [['CONTENT_TYPE' => 'application/vnd.fpmjms.map+json'], '[]',
            static fn($r) => $r->map(), 'map body: expected a JSON object'];
        yield 'stream is an object' => [['CONTENT_TYPE' => 'application/vnd.fpmjms.stream+json'], '{"a":null}',
            static fn($r) => $r->stream(), 'stream body: expected a JSON array'];
        yield 'stream bad element' => [['CONTENT_TYPE' => 'application/vnd.fpmjms.stream+json'], '[null,["int","x"]]',
            static fn($r) => $r->stream(), "stream body: element 1: int value 'x' is not a decimal integer"];
    }

    /**
     * @dataProvider bodyErrors
     * @param array<string,string> $params
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('bodyErrors')]
    public function testABodyThatBreaksTheContractIsRejectedNamingIt(array $params, string $body, callable $read, string $message): void
    {
        $r = Wire::request($params, $body);

        $this->expectException(WireFormatError::class);
        $this->expectExceptionMessage($message);
        $read($r);
    }

    public function testAMapEntryNeedsAName(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage('a map entry name must not be empty');
        Reply::create()->withMap(['' => 1]);
    }
}
