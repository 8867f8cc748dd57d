<?php

declare(strict_types=1);

namespace FpmJms;

/** Typed JSON documents: properties (object), map bodies (object), stream bodies (array). */
final class TypedJson
{
    /** @return array<string,TypedValue> */
    public static function decodeObject(string $json, string $what): array
    {
        $data = self::decode($json, $what);
        if (!is_array($data) || !str_starts_with(ltrim($json), '{')) {
            throw new WireFormatError("$what: expected a JSON object");
        }
        $out = [];
        foreach ($data as $name => $v) {
            $out[(string) $name] = TypedValue::fromWire($v, "$what: '$name'");
        }
        return $out;
    }

    /** @return list<TypedValue> */
    public static function decodeList(string $json, string $what): array
    {
        $data = self::decode($json, $what);
        if (!is_array($data) || !array_is_list($data) || !str_starts_with(ltrim($json), '[')) {
            throw new WireFormatError("$what: expected a JSON array");
        }
        $out = [];
        foreach ($data as $i => $v) {
            $out[] = TypedValue::fromWire($v, "$what: element $i");
        }
        return $out;
    }

    /** @param array<string|int,mixed> $values PHP values or TypedValue; ASCII-only JSON object */
    public static function encodeObject(array $values): string
    {
        $wire = [];
        foreach ($values as $name => $v) {
            $wire[(string) $name] = TypedValue::of($v)->toWire();
        }
        return json_encode((object) $wire, JSON_THROW_ON_ERROR);
    }

    /** @param array<mixed> $values PHP values or TypedValue; ASCII-only JSON array */
    public static function encodeList(array $values): string
    {
        $wire = [];
        foreach ($values as $v) {
            $wire[] = TypedValue::of($v)->toWire();
        }
        return json_encode($wire, JSON_THROW_ON_ERROR);
    }

    private static function decode(string $json, string $what): mixed
    {
        try {
            return json_decode($json, true, 16, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new WireFormatError("$what: invalid JSON: " . $e->getMessage(), 0, $e);
        }
    }
}
