<?php

declare(strict_types=1);

namespace FpmJms;

/**
 * The default emitter. Under php-fpm / CGI: http_response_code() and header(), which PHP turns
 * into the CGI head. Under the CLI SAPI, which has no head of its own: the same head printed as
 * CGI lines ("Status: 200 OK", "Name: value", blank line) before the body.
 */
final class SapiEmitter implements Emitter
{
    private const REASONS = [
        200 => 'OK', 201 => 'Created', 202 => 'Accepted', 204 => 'No Content', 400 => 'Bad Request',
        404 => 'Not Found', 409 => 'Conflict', 422 => 'Unprocessable Content', 429 => 'Too Many Requests',
        500 => 'Internal Server Error', 502 => 'Bad Gateway', 503 => 'Service Unavailable',
    ];

    public function emit(int $status, array $headers, string $body): void
    {
        if (in_array(PHP_SAPI, ['cli', 'phpdbg'], true)) {
            $head = rtrim('Status: ' . $status . ' ' . (self::REASONS[$status] ?? '')) . "\r\n";
            foreach ($headers as [$name, $value]) {
                $head .= "$name: $value\r\n";
            }
            echo $head, "\r\n", $body;
            return;
        }
        if (headers_sent($file, $line)) {
            throw new \LogicException("fpm-jms: output started at $file:$line before the reply was sent");
        }
        http_response_code($status);
        foreach ($headers as [$name, $value]) {
            header("$name: $value", true);
        }
        echo $body;
    }
}
