<?php

declare(strict_types=1);

namespace FpmJms\Tests;

use FpmJms\Reply;
use FpmJms\Request;

/** Builds requests as php-fpm hands them to a worker, and reads replies back. */
final class Wire
{
    /**
     * A protocol 2 request to the queue "orders" with $params on top (null removes a default).
     *
     * @param array<string,string|null> $params
     */
    public static function request(array $params = [], string $body = ''): Request
    {
        $server = array_filter($params + [
            'REQUEST_METHOD' => 'POST',
            'SCRIPT_FILENAME' => '/srv/app/worker.php',
            'CONTENT_LENGTH' => (string) strlen($body),
            'FPMJMS_PROTOCOL' => '2',
            'FPMJMS_QUEUE' => 'orders',
        ], static fn(?string $v): bool => $v !== null);
        return new Request($server, $body);
    }

    /** @return array<string,string> the reply's head lines, name => value */
    public static function headers(Reply $reply): array
    {
        $out = [];
        foreach ($reply->headers() as [$name, $value]) {
            $out[$name] = $value;
        }
        return $out;
    }

    /**
     * The request a worker would see if the provider sent $reply on as a message (protocol 1
     * params from the reply's head): used to check that what a reply writes reads back the same.
     */
    public static function asRequest(Reply $reply): Request
    {
        $h = self::headers($reply);
        $params = ['FPMJMS_PROTOCOL' => '1', 'FPMJMS_BODY_TYPE' => $h['X-Fpmjms-Body-Type']];
        foreach (['Properties' => 'FPMJMS_PROPERTIES', 'Body-Null' => 'FPMJMS_BODY_NULL', 'Type' => 'FPMJMS_TYPE',
                     'Correlation-Id' => 'FPMJMS_CORRELATION_ID', 'Priority' => 'FPMJMS_PRIORITY'] as $header => $param) {
            if (isset($h["X-Fpmjms-$header"])) {
                $params[$param] = $h["X-Fpmjms-$header"];
            }
        }
        return self::request($params, $reply->body());
    }
}
