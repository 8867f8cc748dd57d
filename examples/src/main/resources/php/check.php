<?php
// The reply-consumer worker: scores a payment and replies with properties a JMS selector can read
// (risk, score, reason). The request has no JMSReplyTo, so the reply lands on the worker queue
// itself, where Java consumers pick replies by selector.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer

use FpmJms\Reply;
use FpmJms\Request;
use FpmJms\TypedValue;

const HOME_COUNTRIES = ['DE', 'FR', 'NL', 'BE', 'AT'];
const LARGE_AMOUNT_CENTS = 100000;

$request = Request::fromGlobals();
$amount = (int) $request->property('amountCents', 0);
$country = strtoupper((string) $request->property('country', ''));

$score = 0;
$reasons = [];
if ($amount > LARGE_AMOUNT_CENTS) {
    $score += 60;
    $reasons[] = 'large amount';
}
if (!in_array($country, HOME_COUNTRIES, true)) {
    $score += 50;
    $reasons[] = 'foreign country ' . $country;
}
$risk = $score >= 50 ? 'high' : 'low';

Reply::text((string) $request->text())             // the payment id, sent back as the body
    ->property('risk', $risk)
    ->property('score', TypedValue::int($score))
    ->property('reason', $reasons === [] ? 'none' : implode(', ', $reasons))
    ->send();
