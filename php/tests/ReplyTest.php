<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use FpmJms\DeliveryMode;
use FpmJms\Destination;
use FpmJms\Reply;
use FpmJms\SapiEmitter;
use FpmJms\TypedValue;
use PHPUnit\Framework\TestCase;

/** Reply writing: status, head lines, properties, echoOf and the emitters; every rejected value. */
final class ReplyTest extends TestCase
{
    public function testAReplyWritesItsHeadInTheContractsForm(): void
    {
        $reply = Reply::text('done')
            ->status(202)
            ->correlationId('req 1%')
            ->type('Invoice')
            ->priority(7)
            ->deliveryMode(DeliveryMode::NON_PERSISTENT)
            ->expiration(1700000000000)
            ->replyTo(Destination::queue('audit log'))
            ->to('temporary-queue:ID:tmp-1')
            ->property('count', TypedValue::int(3))
            ->properties(['ok' => true, 'note' => 'ü'])
            ->header('X-Request-Id', 'abc');

        self::assertSame(202, $reply->statusCode());
        self::assertSame('done', $reply->body());
        self::assertSame([
            ['Content-Type', 'text/plain; charset=utf-8'],
            ['X-Fpmjms-Protocol', '2'],
            ['X-Fpmjms-Body-Type', 'TEXT'],
            ['X-Fpmjms-Correlation-Id', 'req%201%25'],
            ['X-Fpmjms-Type', 'Invoice'],
            ['X-Fpmjms-Priority', '7'],
            ['X-Fpmjms-Delivery-Mode', '1'],
            ['X-Fpmjms-Expiration', '1700000000000'],
            ['X-Fpmjms-Reply-To', 'queue:audit%20log'],
            ['X-Fpmjms-Destination', 'temporary-queue:ID:tmp-1'],
            ['X-Fpmjms-Properties', '{"count":["int","3"],"ok":["boolean","true"],"note":["string","\u00fc"]}'],
            ['X-Request-Id', 'abc'],
        ], $reply->headers());
    }

    public function testNoCorrelationIdAndNullsClearFields(): void
    {
        $h = Wire::headers(Reply::text('x')->correlationId('a')->correlationId(null)->type('t')->type(null)->to('queue:q')->to(null));

        self::assertSame('1', $h['X-Fpmjms-No-Correlation-Id']);
        self::assertArrayNotHasKey('X-Fpmjms-Correlation-Id', $h);
        self::assertArrayNotHasKey('X-Fpmjms-Type', $h);
        self::assertArrayNotHasKey('X-Fpmjms-Destination', $h);
    }

    public function testADefaultReplyIsStatus200WithNoBody(): void
    {
        $reply = Reply::create();

        self::assertSame(200, $reply->statusCode());
        self::assertSame([['X-Fpmjms-Protocol', '2'], ['X-Fpmjms-Body-Type', 'NONE']], $reply->headers());
    }

    /** @return iterable<string,array{0:callable,1:string}> */
    public static function rejected(): iterable
    {
        yield 'status low' => [static fn(Reply $r) => $r->status(99), 'status 99 is not 100..599'];
        yield 'status high' => [static fn(Reply $r) => $r->status(600), 'status 600 is not 100..599'];
        yield 'priority' => [static fn(Reply $r) => $r->priority(10), 'priority 10 is not 0..9'];
        yield 'delivery mode' => [static fn(Reply $r) => $r->deliveryMode(3), 'delivery mode 3 is not 1 or 2'];
        yield 'expiration' => [static fn(Reply $r) => $r->expiration(-1), 'expiration -1 is negative'];
        yield 'reply-to form' => [static fn(Reply $r) => $r->replyTo('orders'), "'orders' is not queue:NAME, temporary-queue:NAME or topic:NAME"];
        yield 'reply-to blank' => [static fn(Reply $r) => $r->replyTo('queue:a b'), "'queue:a b' is not queue:NAME"];
        yield 'to a topic' => [static fn(Reply $r) => $r->to('topic:news'), "'topic:news' is not queue:NAME or temporary-queue:NAME"];
        yield 'name not an identifier' => [static fn(Reply $r) => $r->property('order-id', 1), "property name 'order-id' is not a Java identifier"];
        yield 'name starts with a digit' => [static fn(Reply $r) => $r->property('1st', 1), "property name '1st' is not a Java identifier"];
        yield 'empty name' => [static fn(Reply $r) => $r->property('', 1), "property name '' is not a Java identifier"];
        yield 'reserved word' => [static fn(Reply $r) => $r->property('Between', 1), "property name 'Between' is a reserved word of the selector syntax"];
        yield 'JMS prefix' => [static fn(Reply $r) => $r->property('JMSFoo', 1), "property name 'JMSFoo' starts with 'JMS'"];
        yield 'provider-set JMSX' => [static fn(Reply $r) => $r->property('JMSXDeliveryCount', 2), "property name 'JMSXDeliveryCount' starts with 'JMS'"];
        yield 'JMS_ prefix' => [static fn(Reply $r) => $r->property('JMS_FPM_STATUS', 200), "property name 'JMS_FPM_STATUS' starts with 'JMS'"];
        yield 'char property' => [static fn(Reply $r) => $r->property('c', TypedValue::char('a')), "property 'c': type char is not a JMS property type"];
        yield 'bytes property' => [static fn(Reply $r) => $r->property('b', TypedValue::bytes('a')), "property 'b': type bytes is not a JMS property type"];
        yield 'header with CRLF' => [static fn(Reply $r) => $r->header('X-A', "a\r\nStatus: 500"), "header 'X-A' is not allowed"];
        yield 'header of the contract' => [static fn(Reply $r) => $r->header('x-fpmjms-type', 'a'), "header 'x-fpmjms-type' is not allowed"];
        yield 'header name' => [static fn(Reply $r) => $r->header('X A', 'a'), "header 'X A' is not allowed"];
    }

    /** @dataProvider rejected */
    #[\PHPUnit\Framework\Attributes\DataProvider('rejected')]
    public function testAValueOutsideTheContractIsRejectedNamingIt(callable $set, string $message): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage($message);
        $set(Reply::create());
    }

    public function testUnicodeNamesAndTheJmsxPropertiesAnApplicationMaySetAreAllowed(): void
    {
        $h = Wire::headers(Reply::create()->property('größe', 1)->property('$x_1', 2)->property('JMSXGroupID', 'g')
            ->property('JMSXGroupSeq', TypedValue::int(1))->property('JMSXUserID', 'ada')->property('JMSXAppID', 'shop'));

        self::assertSame('{"gr\u00f6\u00dfe":["long","1"],"$x_1":["long","2"],"JMSXGroupID":["string","g"],'
            . '"JMSXGroupSeq":["int","1"],"JMSXUserID":["string","ada"],"JMSXAppID":["string","shop"]}',
            $h['X-Fpmjms-Properties']);
    }

    public function testEchoOfReturnsTheRequestUnchanged(): void
    {
        $props = '{"a":["int","1"],"f":["float","1.1"]}';
        $request = Wire::request([
            'FPMJMS_MESSAGE_ID' => 'ID:m-1', 'FPMJMS_TIMESTAMP' => '1000', 'FPMJMS_TYPE' => 'T%20x',
            'FPMJMS_PRIORITY' => '2', 'FPMJMS_DELIVERY_MODE' => '1', 'FPMJMS_EXPIRATION' => '9000',
            'FPMJMS_REPLY_TO' => 'queue:back', 'FPMJMS_PROPERTIES' => $props,
            'CONTENT_TYPE' => 'application/octet-stream',
        ], "\x01\x02");

        $reply = Reply::echoOf($request);

        self::assertSame("\x01\x02", $reply->body());
        self::assertSame([
            ['Content-Type', 'application/octet-stream'],
            ['X-Fpmjms-Protocol', '2'],
            ['X-Fpmjms-Body-Type', 'BYTES'],
            ['X-Fpmjms-No-Correlation-Id', '1'],
            ['X-Fpmjms-Type', 'T%20x'],
            ['X-Fpmjms-Delivery-Mode', '1'],
            ['X-Fpmjms-Priority', '2'],
            ['X-Fpmjms-Expiration', '9000'],
            ['X-Fpmjms-Reply-To', 'queue:back'],
            ['X-Fpmjms-Message-Id', 'ID:m-1'],
            ['X-Fpmjms-Timestamp', '1000'],
            ['X-Fpmjms-Delivery-Time', '1000'],
            ['X-Fpmjms-Properties', $props],
        ], $reply->headers());
    }

    public function testEchoOfReencodesPropertiesThatAreNotPrintableAscii(): void
    {
        $request = Wire::request(['FPMJMS_PROPERTIES' => '{"n":["string","ü"]}', 'FPMJMS_CORRELATION_ID' => 'c 1']);

        $h = Wire::headers(Reply::echoOf($request)->property('extra', TypedValue::short(1)));

        self::assertSame('{"n":["string","\u00fc"],"extra":["short","1"]}', $h['X-Fpmjms-Properties']);
        self::assertSame('c%201', $h['X-Fpmjms-Correlation-Id'], 'a param not in percent form is encoded');
    }

    public function testTheWorkerSaysWhetherAndWhenToRetry(): void
    {
        self::assertSame('after=30', Wire::headers(Reply::create()->status(503)->retryAfter(30))['X-Fpmjms-Retry']);
        self::assertSame('after=0', Wire::headers(Reply::create()->status(503)->retryAfter(0))['X-Fpmjms-Retry']);
        self::assertSame('never', Wire::headers(Reply::create()->status(500)->noRetry())['X-Fpmjms-Retry']);
        self::assertArrayNotHasKey('X-Fpmjms-Retry', Wire::headers(Reply::create()->status(500)));
        foreach ([-1, 86401] as $bad) {
            try {
                Reply::create()->retryAfter($bad);
                self::fail("retryAfter($bad) accepted");
            } catch (\InvalidArgumentException $e) {
                self::assertSame("retryAfter $bad is not 0..86400 seconds", $e->getMessage());
            }
        }
    }

    public function testSendHandsStatusHeadAndBodyToTheEmitterOnce(): void
    {
        $emitter = new RecordingEmitter();

        Reply::text('x')->status(422)->send($emitter);

        self::assertCount(1, $emitter->sent);
        self::assertSame(422, $emitter->sent[0]['status']);
        self::assertSame('x', $emitter->sent[0]['body']);
        self::assertSame(['Content-Type', 'text/plain; charset=utf-8'], $emitter->sent[0]['headers'][0]);
    }

    public function testTheSapiEmitterPrintsACgiHeadUnderTheCli(): void
    {
        ob_start();
        (new SapiEmitter())->emit(500, [['X-A', '1']], 'body');
        $out = ob_get_clean();
        ob_start();
        (new SapiEmitter())->emit(299, [], '');
        $unknown = ob_get_clean();

        self::assertSame("Status: 500 Internal Server Error\r\nX-A: 1\r\n\r\nbody", $out);
        self::assertSame("Status: 299\r\n\r\n", $unknown, 'a status without a known reason phrase');
    }

    public function testDestinationForms(): void
    {
        self::assertSame('queue:a:b%20c%25', Destination::queue('a:b c%'));
        self::assertSame(['temporary-queue', 'ID:tmp-1:2'], Destination::parse('temporary-queue:ID:tmp-1:2'));
        self::assertSame(['queue', 'a b'], Destination::parse('queue:a%20b'));
        $this->expectException(\FpmJms\WireFormatError::class);
        $this->expectExceptionMessage("'orders' is not a destination");
        Destination::parse('orders');
    }
}
