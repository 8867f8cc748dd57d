<?php
// The request/reply worker: prices an order sent as a JMS MapMessage and replies with a MapMessage.
// Map values are typed: typedMap() says which JMS type Java put in (setInt -> 'int', setLong ->
// 'long', ...), and the reply chooses the JMS type of each value with TypedValue.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer

use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\TypedValue;

$request = Request::fromGlobals();
$order = $request->typedMap();

$expected = ['orderId' => 'string', 'sku' => 'string', 'quantity' => 'int',
             'unitPriceCents' => 'long', 'express' => 'boolean'];
foreach ($expected as $key => $type) {
    $got = isset($order[$key]) ? $order[$key]->type : 'nothing';
    if ($got !== $type) {
        // Still a reply (status 200), so the requester gets an answer rather than a timeout.
        Reply::create()
            ->withMap(['orderId' => (string) ($order['orderId']->value ?? ''),
                       'error' => sprintf("'%s' must be a JMS %s, was %s", $key, $type, $got)])
            ->property('priced', false)
            ->send();
        return;
    }
}

$quantity = $order['quantity']->value;            // PHP int
$unitPrice = $order['unitPriceCents']->value;     // PHP int (a JMS long always fits)
$discountPercent = $quantity >= 100 ? 15 : ($quantity >= 10 ? 5 : 0);
$totalCents = intdiv($quantity * $unitPrice * (100 - $discountPercent), 100)
    + ($order['express']->value ? 1500 : 0);

Reply::create()
    ->withMap([
        'orderId' => $order['orderId']->value,                // string
        'sku' => $order['sku']->value,                        // string
        'quantity' => TypedValue::int($quantity),             // getInt
        'discountPercent' => TypedValue::short($discountPercent), // getShort
        'totalCents' => TypedValue::long($totalCents),        // getLong
        'totalEuros' => TypedValue::double($totalCents / 100), // getDouble
    ])
    ->property('priced', true)
    ->send();
