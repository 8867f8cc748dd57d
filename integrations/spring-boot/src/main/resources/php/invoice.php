<?php
// Serves the queue "orders": the Java side sends an Order as JSON (Spring's
// MappingJackson2MessageConverter), PHP reads it as an array with json_decode and replies with an
// invoice as JSON. The "_type" property tells the Java converter which class the JSON is.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer (composer.json here)

use FpmJms\Reply;
use FpmJms\Request;

$request = Request::fromGlobals();
if ($request->property('_type') !== 'order') {
    // 4xx: a permanent rejection, dead-lettered without retries.
    Reply::text('expected _type order, got ' . var_export($request->property('_type'), true))->status(422)->send();
    return;
}
$order = json_decode((string) $request->text(), true, 16, JSON_THROW_ON_ERROR);

$units = 0;
$net = 0;
foreach ($order['lines'] as $line) {
    $units += $line['quantity'];
    $net += $line['quantity'] * $line['unitPriceCents'];
}
$vat = intdiv($net * 20 + 50, 100);   // 20 %, rounded half up

Reply::text(json_encode([
    'orderId' => $order['orderId'],
    'lines' => count($order['lines']),
    'units' => $units,
    'netCents' => $net,
    'vatCents' => $vat,
    'totalCents' => $net + $vat,
    'computedBy' => 'PHP ' . PHP_VERSION . ' pid ' . getmypid(),
], JSON_THROW_ON_ERROR))
    ->property('_type', 'invoice')
    ->send();
