package dev.fpmjms.store;

/** Where the ADD record of a message not yet removed lies. Confined like {@link Segment}. */
final class LiveRecord {
    Segment segment;
    long offset;
    int length;
    /** The last delivery count an UPDATE recorded, or -1. */
    int deliveryCount = -1;

    LiveRecord(Segment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
    }
}
