<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use FpmJms\Reply;
use FpmJms\TraceContext;
use PHPUnit\Framework\TestCase;

/** The incoming W3C Trace Context, for PHP tracers. */
final class TraceContextTest extends TestCase
{
    private const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    public function testTheParamsWhereATraceparentHeaderWouldBe(): void
    {
        $context = Wire::request(['HTTP_TRACEPARENT' => self::PARENT, 'HTTP_TRACESTATE' => 'congo=t61rcWkgMzE'])->traceContext();

        self::assertNotNull($context);
        self::assertSame('4bf92f3577b34da6a3ce929d0e0e4736', $context->traceId());
        self::assertSame('00f067aa0ba902b7', $context->parentId());
        self::assertTrue($context->sampled());
        self::assertSame(['traceparent' => self::PARENT, 'tracestate' => 'congo=t61rcWkgMzE'], $context->carrier());
    }

    public function testTheMessagePropertiesWhenTheParamsAreAbsent(): void
    {
        $props = json_encode(['traceparent' => ['string', substr(self::PARENT, 0, -2) . '00'], 'tracestate' => ['string', 'a=1']]);

        $context = Wire::request(['FPMJMS_PROPERTIES' => $props])->traceContext();

        self::assertNotNull($context);
        self::assertFalse($context->sampled());
        self::assertSame('a=1', $context->tracestate);
    }

    public function testTheParamWinsOverTheProperty(): void
    {
        $props = json_encode(['traceparent' => ['string', '00-11111111111111111111111111111111-1111111111111111-01']]);

        $context = Wire::request(['HTTP_TRACEPARENT' => self::PARENT, 'FPMJMS_PROPERTIES' => $props])->traceContext();

        self::assertSame(self::PARENT, $context?->traceparent);
        self::assertNull($context?->tracestate);
        self::assertSame(['traceparent' => self::PARENT], $context?->carrier());
    }

    public function testNoContext(): void
    {
        self::assertNull(Wire::request()->traceContext());
        self::assertNull(Wire::request(['FPMJMS_PROPERTIES' => '{"traceparent":["int","1"]}'])->traceContext(),
            'a property that is not a String');
    }

    /** @return iterable<string,array{0:string}> */
    public static function invalid(): iterable
    {
        yield 'upper case' => [strtoupper(self::PARENT)];
        yield 'version ff' => ['ff' . substr(self::PARENT, 2)];
        yield 'zero trace id' => ['00-00000000000000000000000000000000-00f067aa0ba902b7-01'];
        yield 'zero parent id' => ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'];
        yield 'version 00 with more' => [self::PARENT . '-x'];
        yield 'short trace id' => ['00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'];
        yield 'later version, no dash' => ['01' . substr(self::PARENT, 2) . 'x'];
        yield 'empty' => [''];
    }

    /** @dataProvider invalid */
    #[\PHPUnit\Framework\Attributes\DataProvider('invalid')]
    public function testAnInvalidTraceparentIsNoContextAndItsTracestateIsIgnored(string $traceparent): void
    {
        self::assertNull(TraceContext::parse($traceparent, 'a=1'));
        self::assertNull(Wire::request(['HTTP_TRACEPARENT' => $traceparent, 'HTTP_TRACESTATE' => 'a=1'])->traceContext());
    }

    public function testALaterVersionMayAddFields(): void
    {
        $context = TraceContext::parse(' 01' . substr(self::PARENT, 2) . '-future ', '');

        self::assertSame('4bf92f3577b34da6a3ce929d0e0e4736', $context?->traceId());
        self::assertNull($context?->tracestate, 'an empty tracestate is none');
    }

    public function testAReplyCarriesTheWorkersOwnContext(): void
    {
        $own = '00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01';

        $fromContext = Wire::headers(Reply::text('x')->traceContext(TraceContext::parse($own, 'w=1')));
        $fromCarrier = Wire::headers(Reply::text('x')->traceContext(['traceparent' => $own]));

        self::assertSame($own, $fromContext['X-Fpmjms-Traceparent']);
        self::assertSame('w=1', $fromContext['X-Fpmjms-Tracestate']);
        self::assertSame($own, $fromCarrier['X-Fpmjms-Traceparent']);
        self::assertArrayNotHasKey('X-Fpmjms-Tracestate', $fromCarrier);
    }

    public function testAReplyWithoutAValidContextSendsNone(): void
    {
        $cases = [null, [], ['traceparent' => 'not-a-traceparent', 'tracestate' => 'a=1'], ['traceparent' => 17]];
        foreach ($cases as $context) {
            $headers = Wire::headers(Reply::text('x')->traceContext(['traceparent' => self::PARENT])->traceContext($context));
            self::assertArrayNotHasKey('X-Fpmjms-Traceparent', $headers, var_export($context, true));
            self::assertArrayNotHasKey('X-Fpmjms-Tracestate', $headers, var_export($context, true));
        }
    }
}
