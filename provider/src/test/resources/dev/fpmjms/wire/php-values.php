<?php
/* Test worker: a reply whose values are computed in PHP, to check PHP-to-Java exactness. */
declare(strict_types=1);

require_once getenv('FPMJMS_PHP_DIR') . '/fpmjms.php';

use FpmJms\DeliveryMode;
use FpmJms\Destination;
use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\TypedValue;

$request = Request::fromGlobals();
Reply::create()
    ->status(201)
    ->withStream([1, 0.1 + 0.2, true, 'é', "\xFF", null, TypedValue::char('é'), TypedValue::bytes("\x00\xFF"),
        TypedValue::float(1.1), TypedValue::float(-0.0), TypedValue::float(1e300), TypedValue::double(NAN)])
    ->properties([
        'long' => PHP_INT_MIN,
        'double' => 1 / 3,
        'bool' => false,
        'str' => "line\nnext \u{1F600}",
        'int' => TypedValue::int(-5),
        'float' => TypedValue::float(16777217.0),
        'queue' => $request->queue(),
        'count' => $request->deliveryCount(),
        'redelivered' => $request->redelivered(),
        'replyTo' => $request->replyTo() ?? 'none',
    ])
    ->type("t \u{2713}")
    ->priority(2)
    ->deliveryMode(DeliveryMode::PERSISTENT)
    ->expiration(PHP_INT_MAX)
    ->replyTo(Destination::queue('back to:me'))
    ->send();
