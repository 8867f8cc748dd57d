package dev.fpmjms.store;

/** Journal record types. Codes never change; unknown codes are skipped at recovery. */
enum RecordType {
    /** A message added to a queue: id, queue key, envelope. */
    ADD(1),
    /** A message removed: id. */
    REMOVE(2),
    /** A message's delivery count changed: id, count. */
    UPDATE(3),
    /**
     * The oldest segment the journal still needs (its sequence in the id field), the lowest live
     * store id and the next store id: first record of every segment, and written (forced) before
     * old segments are deleted. Recovery finds missing segments with it.
     */
    BASE(4);

    final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The type of a code, or {@code null} for a code this version does not know. */
    static RecordType from(int code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
