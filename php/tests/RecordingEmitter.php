<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use FpmJms\Emitter;

/** An Emitter that keeps what a reply sends. */
final class RecordingEmitter implements Emitter
{
    /** @var list<array{status:int,headers:list<array{0:string,1:string}>,body:string}> */
    public array $sent = [];

    public function emit(int $status, array $headers, string $body): void
    {
        $this->sent[] = ['status' => $status, 'headers' => $headers, 'body' => $body];
    }
}
