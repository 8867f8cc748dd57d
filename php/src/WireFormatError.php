<?php

declare(strict_types=1);

namespace FpmJms;

/** A request or reply does not follow the wire contract. */
final class WireFormatError extends \RuntimeException
{
}
