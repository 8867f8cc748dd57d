<?php
/*
 * Test worker: answers with a reply built from the PHP VALUES of the request (not its wire text),
 * through the public Reply API, so that the PHP side's own formatting (floats, longs, chars,
 * bytes, non-UTF-8 strings, map keys) is checked for exactness against Java.
 */
declare(strict_types=1);

require_once getenv('FPMJMS_PHP_DIR') . '/fpmjms.php';

use FpmJms\BodyType;
use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\TypedValue;

$request = Request::fromGlobals();

$rebuild = static function (TypedValue $t): TypedValue {
    return match ($t->type) {
        'boolean' => TypedValue::boolean($t->value),
        'byte' => TypedValue::byte($t->value),
        'short' => TypedValue::short($t->value),
        'int' => TypedValue::int($t->value),
        'long' => TypedValue::long($t->value),
        'float' => TypedValue::float($t->value),
        'double' => TypedValue::double($t->value),
        'string', 'wtf8' => TypedValue::string($t->value),
        'char' => TypedValue::char((int) $t->text),
        'bytes' => TypedValue::bytes($t->value),
        'null' => TypedValue::null(),
    };
};

$reply = Reply::create();
switch ($request->bodyType()) {
    case BodyType::TEXT:
        $reply->withText($request->text());
        break;
    case BodyType::BYTES:
        $reply->withBytes($request->bytes());
        break;
    case BodyType::MAP:
        $reply->withMap(array_map($rebuild, $request->typedMap()));
        break;
    case BodyType::STREAM:
        $reply->withStream(array_map($rebuild, $request->typedStream()));
        break;
    case BodyType::OBJECT:
        $reply->withObject($request->bodyIsNull() ? null : $request->rawBody());
        break;
    case BodyType::NONE:
        $reply->withoutBody();
        break;
}
foreach ($request->typedProperties() as $name => $typed) {
    $reply->property($name, $rebuild($typed));
}
$reply->correlationId($request->correlationId())
    ->type($request->type())
    ->priority($request->priority())
    ->deliveryMode($request->deliveryMode())
    ->expiration($request->expiration())
    ->replyTo($request->replyTo())
    ->header('X-Worker', 'rebuild')
    ->send();
