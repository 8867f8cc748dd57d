package dev.fpmjms.config;

/**
 * Limits on what deserializing one {@code ObjectMessage} body may cost, checked by a
 * {@link java.io.ObjectInputFilter} in addition to the class allow-list: classes on the list (the
 * JDK's collections among them) can still be combined into a stream that allocates gigabytes
 * from a few bytes or whose hash codes take forever to compute.
 *
 * <p>Immutable and validated when built: a bad value fails with an {@link IllegalArgumentException}
 * naming the setting.
 *
 * @param maxDepth        deepest nesting of objects (setting {@code objectMessageMaxDepth}); each
 *                        object read inside another adds one, so a list of strings is 2 deep
 * @param maxReferences   most objects and back-references in one stream
 *                        ({@code objectMessageMaxReferences})
 * @param maxArrayLength  most elements any array in the stream may claim
 *                        ({@code objectMessageMaxArrayLength}); besides, an array may never claim
 *                        more elements than the stream's bytes could hold
 * @param maxStreamBytes  largest serialized body deserialized at all ({@code objectMessageMaxBytes})
 */
public record ObjectMessageLimits(int maxDepth, long maxReferences, int maxArrayLength, long maxStreamBytes) {

    /** The limits used unless configured: {@code 20} deep, 1,000,000 references, 16,777,216 elements, 64 MiB. */
    public static final ObjectMessageLimits DEFAULT = new ObjectMessageLimits(20, 1_000_000, 16 * 1024 * 1024, 64L * 1024 * 1024);

    public ObjectMessageLimits {
        ConfigChecks.require(maxDepth >= 1 && maxDepth <= 10_000, "objectMessageMaxDepth", "1 to 10000", maxDepth);
        ConfigChecks.require(maxReferences >= 1, "objectMessageMaxReferences", "at least 1", maxReferences);
        ConfigChecks.require(maxArrayLength >= 0, "objectMessageMaxArrayLength", "0 or more", maxArrayLength);
        ConfigChecks.require(maxStreamBytes >= 64, "objectMessageMaxBytes", "at least 64 bytes", maxStreamBytes);
    }

    public ObjectMessageLimits withMaxDepth(int v) {
        return new ObjectMessageLimits(v, maxReferences, maxArrayLength, maxStreamBytes);
    }

    public ObjectMessageLimits withMaxReferences(long v) {
        return new ObjectMessageLimits(maxDepth, v, maxArrayLength, maxStreamBytes);
    }

    public ObjectMessageLimits withMaxArrayLength(int v) {
        return new ObjectMessageLimits(maxDepth, maxReferences, v, maxStreamBytes);
    }

    public ObjectMessageLimits withMaxStreamBytes(long v) {
        return new ObjectMessageLimits(maxDepth, maxReferences, maxArrayLength, v);
    }
}
