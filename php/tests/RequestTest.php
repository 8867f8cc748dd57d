<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use FpmJms\BodyType;
use FpmJms\DeliveryMode;
use FpmJms\Request;
use FpmJms\WireFormatError;
use PHPUnit\Framework\TestCase;

/** Request parsing: JMS headers in both protocol versions, long params, typed properties. */
final class RequestTest extends TestCase
{
    public function testAProtocol2RequestLeavesOutDefaultsAndTheReaderSuppliesThem(): void
    {
        $r = Wire::request(['FPMJMS_MESSAGE_ID' => 'ID:abc-1', 'FPMJMS_TIMESTAMP' => '1700000000123']);

        self::assertSame('orders', $r->queue());
        self::assertSame('queue:orders', $r->destination());
        self::assertSame('ID:abc-1', $r->messageId());
        self::assertNull($r->correlationId());
        self::assertNull($r->type());
        self::assertSame(1700000000123, $r->timestamp());
        self::assertSame(DeliveryMode::PERSISTENT, $r->deliveryMode());
        self::assertTrue($r->persistent());
        self::assertSame(4, $r->priority());
        self::assertSame(0, $r->expiration());
        self::assertSame(1700000000123, $r->deliveryTime(), 'no delivery delay: JMSTimestamp');
        self::assertFalse($r->redelivered());
        self::assertSame(1, $r->deliveryCount());
        self::assertNull($r->replyTo());
        self::assertSame(BodyType::NONE, $r->bodyType());
        self::assertSame([], $r->properties());
        self::assertNull($r->rawProperties());
    }

    public function testAProtocol1RequestCarriesEveryHeader(): void
    {
        $r = Wire::request([
            'FPMJMS_PROTOCOL' => '1',
            'FPMJMS_QUEUE' => 'jobs%20eu',
            'FPMJMS_DESTINATION' => 'queue:jobs%20eu',
            'FPMJMS_MESSAGE_ID' => 'ID:m%C3%A9-2',
            'FPMJMS_TIMESTAMP' => '1000',
            'FPMJMS_CORRELATION_ID' => 'corr%25x',
            'FPMJMS_TYPE' => 'Order%0Aline',
            'FPMJMS_DELIVERY_MODE' => '1',
            'FPMJMS_PRIORITY' => '9',
            'FPMJMS_EXPIRATION' => '5000',
            'FPMJMS_DELIVERY_TIME' => '3000',
            'FPMJMS_REDELIVERED' => '1',
            'FPMJMS_DELIVERY_COUNT' => '3',
            'FPMJMS_REPLY_TO' => 'temporary-queue:ID:tmp-1:2',
            'FPMJMS_BODY_TYPE' => 'TEXT',
        ], 'hi');

        self::assertSame('jobs eu', $r->queue(), 'percent form decoded');
        self::assertSame('queue:jobs%20eu', $r->destination(), 'destination form as sent');
        self::assertSame('ID:mé-2', $r->messageId());
        self::assertSame('corr%x', $r->correlationId());
        self::assertSame("Order\nline", $r->type());
        self::assertSame(DeliveryMode::NON_PERSISTENT, $r->deliveryMode());
        self::assertFalse($r->persistent());
        self::assertSame(9, $r->priority());
        self::assertSame(5000, $r->expiration());
        self::assertSame(3000, $r->deliveryTime());
        self::assertTrue($r->redelivered());
        self::assertSame(3, $r->deliveryCount());
        self::assertSame('temporary-queue:ID:tmp-1:2', $r->replyTo());
        self::assertSame('hi', $r->text());
    }

    public function testALongParamSentInPartsIsJoinedInOrder(): void
    {
        $r = Wire::request([
            'FPMJMS_PROPERTIES_PARTS' => '3',
            'FPMJMS_PROPERTIES_1' => '{"note":["str',
            'FPMJMS_PROPERTIES_2' => 'ing","a b',
            'FPMJMS_PROPERTIES_3' => ' c"]}',
        ]);

        self::assertSame('{"note":["string","a b c"]}', $r->param('FPMJMS_PROPERTIES'));
        self::assertSame(['note' => 'a b c'], $r->properties());
    }

    public function testAMissingPartIsAnErrorNamingIt(): void
    {
        $r = Wire::request(['FPMJMS_PROPERTIES_PARTS' => '2', 'FPMJMS_PROPERTIES_1' => '{}']);

        $this->expectException(WireFormatError::class);
        $this->expectExceptionMessage('FPMJMS_PROPERTIES_2 is missing (FPMJMS_PROPERTIES_PARTS is 2)');
        $r->param('FPMJMS_PROPERTIES');
    }

    public function testTypedPropertiesKeepTheirJmsTypeAndOrder(): void
    {
        $r = Wire::request(['FPMJMS_PROPERTIES' => json_encode([
            'b' => ['boolean', 'true'], 'y' => ['byte', '-128'], 's' => ['short', '32767'],
            'i' => ['int', '5'], 'l' => ['long', '9223372036854775807'], 'f' => ['float', '1.1'],
            'd' => ['double', '-0.0'], 'str' => ['string', 'é'], 'w' => ['wtf8', '%ED%A0%80'],
        ])]);

        $typed = $r->typedProperties();
        self::assertSame(['b', 'y', 's', 'i', 'l', 'f', 'd', 'str', 'w'], array_keys($typed));
        self::assertSame(['boolean', 'byte', 'short', 'int', 'long', 'float', 'double', 'string', 'wtf8'],
            array_values(array_map(static fn($t) => $t->type, $typed)));
        self::assertSame('1.1', $typed['f']->text, 'a float keeps its wire text');
        $values = $r->properties();
        self::assertTrue($values['b']);
        self::assertSame(-128, $values['y']);
        self::assertSame(PHP_INT_MAX, $values['l']);
        self::assertSame(1.1, $values['f']);
        self::assertSame('-0', (string) $values['d']);
        self::assertSame("\xED\xA0\x80", $values['w'], 'an unpaired surrogate as WTF-8 bytes');
        self::assertSame(5, $r->property('i'));
        self::assertSame('fallback', $r->property('absent', 'fallback'));
    }

    public function testPropertyFindsANameWrittenWithJsonEscapes(): void
    {
        $r = Wire::request(['FPMJMS_PROPERTIES' => '{"caf\u00e9":["int","1"]}']);

        self::assertSame(1, $r->property('café'));
    }

    public function testPropertyLooksUpWithoutDecodingWhenTheNameIsNotInTheJson(): void
    {
        // Broken JSON is only noticed when it must be decoded: a lookup of an absent name does not.
        $r = Wire::request(['FPMJMS_PROPERTIES' => '{"a":["int",']);

        self::assertSame('d', $r->property('missing', 'd'));
        $this->expectException(WireFormatError::class);
        $this->expectExceptionMessage('FPMJMS_PROPERTIES: invalid JSON');
        $r->property('a');
    }

    /** @return iterable<string,array{0:array<string,string|null>,1:string,2:string}> */
    public static function badRequests(): iterable
    {
        yield 'not fpm-jms' => [['FPMJMS_PROTOCOL' => null], '', 'FPMJMS_PROTOCOL is missing: this is not an fpm-jms request'];
        yield 'unknown protocol' => [['FPMJMS_PROTOCOL' => '3'], '', "FPMJMS_PROTOCOL is '3' but this helper reads 1 and 2"];
        yield 'body cut short' => [['CONTENT_LENGTH' => '10'], 'abc', 'the body has 3 bytes but CONTENT_LENGTH is 10 (is post_max_size smaller than the message?)'];
    }

    /**
     * @dataProvider badRequests
     * @param array<string,string|null> $params
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('badRequests')]
    public function testARequestThatIsNotAnFpmJmsRequestIsRejectedWithTheReason(array $params, string $body, string $message): void
    {
        $this->expectException(WireFormatError::class);
        $this->expectExceptionMessage($message);
        Wire::request($params, $body);
    }

    /** @return iterable<string,array{0:string,1:string}> */
    public static function badProperties(): iterable
    {
        yield 'not JSON' => ['{"a":', 'FPMJMS_PROPERTIES: invalid JSON'];
        yield 'a list' => ['[["int","1"]]', 'FPMJMS_PROPERTIES: expected a JSON object'];
        yield 'not a pair' => ['{"a":["int"]}', "FPMJMS_PROPERTIES: 'a': expected a typed value [\"type\",\"text\"]"];
        yield 'a number' => ['{"a":["int",1]}', "FPMJMS_PROPERTIES: 'a': expected a typed value"];
        yield 'unknown type' => ['{"a":["decimal","1"]}', "FPMJMS_PROPERTIES: 'a': unknown type 'decimal'"];
        yield 'out of range' => ['{"a":["byte","128"]}', "FPMJMS_PROPERTIES: 'a': byte value '128' is not a decimal integer in -128..127"];
        yield 'plus sign' => ['{"a":["int","+5"]}', "int value '+5' is not a decimal integer"];
        yield 'blank' => ['{"a":["long"," 5"]}', "long value ' 5' is not a decimal integer"];
        yield 'long overflow' => ['{"a":["long","9223372036854775808"]}', "long value '9223372036854775808' is not a decimal integer"];
        yield 'boolean' => ['{"a":["boolean","yes"]}', "boolean value 'yes' is not 'true' or 'false'"];
        yield 'float' => ['{"a":["float","inf"]}', "'a': float value 'inf'"];
        yield 'double hex' => ['{"a":["double","0x1p3"]}', "'a': double value '0x1p3'"];
        yield 'too deep' => ['{"a":' . str_repeat('[', 20) . str_repeat(']', 20) . '}', 'FPMJMS_PROPERTIES: invalid JSON: Maximum stack depth exceeded'];
    }

    /** @dataProvider badProperties */
    #[\PHPUnit\Framework\Attributes\DataProvider('badProperties')]
    public function testBadPropertiesAreRejectedNamingTheValue(string $json, string $message): void
    {
        $r = Wire::request(['FPMJMS_PROPERTIES' => $json]);

        $this->expectException(WireFormatError::class);
        $this->expectExceptionMessage($message);
        $r->typedProperties();
    }

    public function testFromGlobalsReadsServerAndStdinUnderTheCli(): void
    {
        $script = 'require ' . var_export(dirname(__DIR__) . '/tests/bootstrap.php', true) . ';'
            . '$r = FpmJms\Request::fromGlobals(); echo $r->queue(), "|", $r->text();';
        $out = Cli::run(['php', '-r', $script], 'body bytes', [
            'FPMJMS_PROTOCOL' => '2', 'FPMJMS_QUEUE' => 'mail', 'CONTENT_TYPE' => 'text/plain; charset=utf-8',
            'CONTENT_LENGTH' => '10',
        ]);

        self::assertSame('mail|body bytes', $out);
    }
}
