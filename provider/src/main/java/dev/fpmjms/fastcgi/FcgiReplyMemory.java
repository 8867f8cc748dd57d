package dev.fpmjms.fastcgi;

/**
 * Memory that reply buffers may take, reserved <em>before</em> a buffer grows and released when
 * the reply is handed over or dropped. A {@link FcgiResponseAssembler} asks it before every
 * allocation, so a budget shared by many replies bounds what they hold together, whatever the
 * peers send.
 *
 * <p>Implementations are thread-safe and never block.
 */
public interface FcgiReplyMemory {

    /** No limit: every reservation succeeds. */
    FcgiReplyMemory UNLIMITED = new FcgiReplyMemory() {
        @Override
        public boolean tryReserve(long bytes) {
            return true;
        }

        @Override
        public void release(long bytes) {
            // Nothing is counted.
        }

        @Override
        public String toString() {
            return "unlimited reply memory";
        }
    };

    /**
     * Reserves {@code bytes}; reserves nothing and returns {@code false} when that would go over
     * the budget.
     */
    boolean tryReserve(long bytes);

    /** Gives back bytes reserved earlier. */
    void release(long bytes);
}
