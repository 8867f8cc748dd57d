package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

/**
 * A queue is at its size limit and the producer's wait (if any) ran out. The facade turns this
 * into a {@code ResourceAllocationException}.
 */
public final class QueueFullException extends Exception {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
