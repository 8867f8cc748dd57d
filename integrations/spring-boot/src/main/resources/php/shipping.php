<?php
// Serves the queue "shipping" (request/reply): the Java side sends a ShippingRequest as JSON with a
// temporary queue as JMSReplyTo; the reply goes there. Prices in cents: a base per country plus a
// rate per started 500 g.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer (composer.json here)

use FpmJms\Reply;
use FpmJms\Request;

$request = Request::fromGlobals();
$ask = json_decode((string) $request->text(), true, 8, JSON_THROW_ON_ERROR);

$tariffs = [
    'DE' => ['carrier' => 'DHL', 'base' => 490, 'per500g' => 100],
    'FR' => ['carrier' => 'La Poste', 'base' => 590, 'per500g' => 120],
    'US' => ['carrier' => 'UPS', 'base' => 1990, 'per500g' => 450],
];
$country = strtoupper((string) ($ask['country'] ?? ''));
$tariff = $tariffs[$country] ?? null;

$quote = $tariff === null
    // Still an answer (status 200): the requester waits for one, so it gets an error, not a timeout.
    ? ['country' => $country, 'carrier' => null, 'priceCents' => 0, 'error' => "no shipping to '$country'"]
    : ['country' => $country, 'carrier' => $tariff['carrier'],
       'priceCents' => $tariff['base'] + $tariff['per500g'] * intdiv(max(0, (int) $ask['weightGrams']) + 499, 500),
       'error' => null];

Reply::text(json_encode($quote, JSON_THROW_ON_ERROR))->property('_type', 'shipping-quote')->send();
