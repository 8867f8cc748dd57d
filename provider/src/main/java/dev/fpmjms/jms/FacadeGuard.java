package dev.fpmjms.jms;

import dev.fpmjms.engine.QueueFullException;
import dev.fpmjms.engine.SubscriptionConflictException;
import dev.fpmjms.envelope.MessageTooLargeException;
import dev.fpmjms.engine.UnknownDestinationException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The boilerplate every facade call needs, in one place: the open/closed state of one JMS object
 * ({@link #checkOpen()} throws an {@code IllegalStateException} that names the object), calls
 * into the engine with its exceptions translated ({@link #engine}), and the translation of
 * {@code JMSException}s to the simplified API's runtime exceptions ({@link #runtime}).
 *
 * <p>Thread-safe.
 */
final class FacadeGuard {

    /** A call into the engine that may throw the engine's checked exceptions. */
    @FunctionalInterface
    interface EngineCall<T> {
        T run() throws JMSException, UnknownDestinationException, QueueFullException, SubscriptionConflictException,
                InterruptedException;
    }

    /** A call that may throw a {@code JMSException}, for the simplified API's wrappers. */
    @FunctionalInterface
    interface JmsCall<T> {
        T run() throws JMSException;
    }

    /** As {@link JmsCall} without a result. */
    @FunctionalInterface
    interface JmsAction {
        void run() throws JMSException;
    }

    /** The error code of the {@code JMSException} for a message over a size limit. */
    static final String MESSAGE_TOO_LARGE = "FPMJMS_MESSAGE_TOO_LARGE";

    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param name how errors name the object, e.g. {@code "session 3 of connection ID:..."} */
    FacadeGuard(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** @throws IllegalStateException naming the object when it is closed */
    void checkOpen() throws IllegalStateException {
        if (closed.get()) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Marks the object closed; {@code true} for the one caller that closed it. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Checks that the object is open, then runs an engine call with its exceptions translated. */
    <T> T engine(String action, EngineCall<T> call) throws JMSException {
        checkOpen();
        return translated(action, call);
    }

    /** Runs an engine call with its exceptions translated (see {@link #translate}). */
    static <T> T translated(String action, EngineCall<T> call) throws JMSException {
        try {
            return call.run();
        } catch (JMSException e) {
            throw e;
        } catch (Exception e) {
            throw translate(action, e);
        }
    }

    /**
     * The JMS exception for an engine failure, with the cause linked: an unknown queue is an
     * {@code InvalidDestinationException}, a full queue a {@code ResourceAllocationException}, a
     * subscription name in use otherwise a {@code JMSException}, a message over a size limit a
     * {@code JMSException} with error code {@value #MESSAGE_TOO_LARGE},
     * an interrupt a {@code JMSException} (the thread's interrupt flag is restored), a deleted
     * queue or a stopped engine an {@code IllegalStateException}.
     */
    static JMSException translate(String action, Throwable e) {
        JMSException jms;
        if (e instanceof JMSException) {
            return (JMSException) e;
        } else if (e instanceof UnknownDestinationException) {
            jms = new InvalidDestinationException(action + ": " + e.getMessage());
        } else if (e instanceof QueueFullException) {
            jms = new ResourceAllocationException(action + ": " + e.getMessage());
        } else if (e instanceof MessageTooLargeException) {
            jms = new JMSException(action + ": " + e.getMessage(), MESSAGE_TOO_LARGE);
        } else if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            jms = new JMSException(action + ": interrupted");
        } else if (e instanceof SubscriptionConflictException) {
            jms = new JMSException(action + ": " + e.getMessage());
        } else if (e instanceof java.lang.IllegalStateException) {
            jms = new IllegalStateException(action + ": " + e.getMessage());
        } else {
            jms = new JMSException(action + ": " + e);
        }
        jms.setLinkedException(e instanceof Exception ? (Exception) e : null);
        jms.initCause(e);
        return jms;
    }

    /** Runs a call for the simplified API, turning a {@code JMSException} into its runtime twin. */
    static <T> T runtime(JmsCall<T> call) {
        try {
            return call.run();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    /** As {@link #runtime(JmsCall)} without a result. */
    static void runtimeAction(JmsAction call) {
        try {
            call.run();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    /** The {@code JMSRuntimeException} subclass that matches a {@code JMSException} subclass. */
    static JMSRuntimeException runtime(JMSException e) {
        String m = e.getMessage();
        String c = e.getErrorCode();
        JMSRuntimeException r;
        if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(m, c, e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(m, c, e);
        } else if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(m, c, e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(m, c, e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(m, c, e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(m, c, e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(m, c, e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(m, c, e);
        } else if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(m, c, e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(m, c, e);
        } else {
            r = new JMSRuntimeException(m, c, e);
        }
        return r;
    }

    @Override
    public String toString() {
        return name;
    }
}
