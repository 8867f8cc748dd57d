<?php

declare(strict_types=1);

namespace FpmJms;

/** Writes a reply's status, head lines and body. */
interface Emitter
{
    /** @param list<array{0:string,1:string}> $headers name/value pairs */
    public function emit(int $status, array $headers, string $body): void;
}
