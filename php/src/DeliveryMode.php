<?php

declare(strict_types=1);

namespace FpmJms;

/** JMSDeliveryMode values, as in jakarta.jms.DeliveryMode. */
final class DeliveryMode
{
    public const NON_PERSISTENT = 1;
    public const PERSISTENT = 2;
}
