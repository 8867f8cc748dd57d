<?php
/*
 * Test worker: replies with what FpmJms\Request reads from the params (every JMS header and the
 * body type), as the bytes of var_export() (exact for any string), so that tests can compare what a worker sees under protocol 1
 * (every header sent) and protocol 2 (headers at their defaults left out).
 */
declare(strict_types=1);

require_once getenv('FPMJMS_PHP_DIR') . '/fpmjms.php';

use FpmJms\Reply;
use FpmJms\Request;

$request = Request::fromGlobals();
$values = [
    'queue' => $request->queue(),
    'destination' => $request->destination(),
    'messageId' => $request->messageId(),
    'correlationId' => $request->correlationId(),
    'type' => $request->type(),
    'timestamp' => $request->timestamp(),
    'deliveryMode' => $request->deliveryMode(),
    'persistent' => $request->persistent(),
    'priority' => $request->priority(),
    'expiration' => $request->expiration(),
    'deliveryTime' => $request->deliveryTime(),
    'redelivered' => $request->redelivered(),
    'deliveryCount' => $request->deliveryCount(),
    'replyTo' => $request->replyTo(),
    'bodyType' => $request->bodyType()->value,
    'bodyIsNull' => $request->bodyIsNull(),
    'properties' => $request->rawProperties(),
];
Reply::create()->withBytes(var_export($values, true))->send();
