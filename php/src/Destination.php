<?php

declare(strict_types=1);

namespace FpmJms;

/** Destination forms for replyTo(): queue:NAME, temporary-queue:NAME. */
final class Destination
{
    public static function queue(string $name): string
    {
        return 'queue:' . Pct::encode($name);
    }

    /** The kind (queue, temporary-queue, topic) and the decoded name of a destination form. */
    public static function parse(string $destination): array
    {
        $colon = strpos($destination, ':');
        if ($colon === false) {
            throw new WireFormatError("'$destination' is not a destination");
        }
        return [substr($destination, 0, $colon), Pct::decode(substr($destination, $colon + 1))];
    }
}
