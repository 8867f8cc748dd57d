<?php

declare(strict_types=1);

namespace FpmJms;

/** The JMS message type of a body. */
enum BodyType: string
{
    case NONE = 'NONE';
    case TEXT = 'TEXT';
    case BYTES = 'BYTES';
    case MAP = 'MAP';
    case STREAM = 'STREAM';
    case OBJECT = 'OBJECT';

    /** The Content-Type of this body type on the wire ('' for NONE). */
    public function contentType(): string
    {
        return match ($this) {
            self::NONE => '',
            self::TEXT => 'text/plain; charset=utf-8',
            self::BYTES => 'application/octet-stream',
            self::MAP => 'application/vnd.fpmjms.map+json',
            self::STREAM => 'application/vnd.fpmjms.stream+json',
            self::OBJECT => 'application/x-java-serialized-object',
        };
    }

    /**
     * The body type a request's CONTENT_TYPE names (protocol 2 sends no FPMJMS_BODY_TYPE): absent
     * or empty is NONE; any other value must be one of the six exactly, as the provider sends them.
     */
    public static function ofRequestContentType(?string $contentType): self
    {
        if ($contentType === null || $contentType === '') {
            return self::NONE;
        }
        foreach (self::cases() as $case) {
            if ($case !== self::NONE && $case->contentType() === $contentType) {
                return $case;
            }
        }
        throw new WireFormatError("CONTENT_TYPE '$contentType' is not a body type of the wire contract");
    }
}
