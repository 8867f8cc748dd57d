<?php
// The demo worker: reads a JMS text message and replies with a greeting.
// A worker is an ordinary PHP script run by php-fpm; the Composer package fpm-jms/worker reads the
// request and writes the reply (composer.json here; the build installs it into vendor/).
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';   // fpm-jms/worker, installed by Composer

use FpmJms\Reply;
use FpmJms\Request;

$request = Request::fromGlobals();
$name = trim((string) $request->text());
$language = (string) $request->property('language', 'en');

$greetings = ['en' => 'Hello', 'fr' => 'Bonjour', 'de' => 'Hallo', 'es' => 'Hola'];
$greeting = $greetings[$language] ?? $greetings['en'];

Reply::text(sprintf('%s, %s! (from PHP %s, worker pid %d)', $greeting, $name, PHP_VERSION, getmypid()))
    ->property('language', $language)
    ->property('length', strlen($name))
    ->send();
