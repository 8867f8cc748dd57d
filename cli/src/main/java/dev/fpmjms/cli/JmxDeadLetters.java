package dev.fpmjms.cli;

import dev.fpmjms.admin.DeadLetter;
import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterJmx;
import dev.fpmjms.admin.DeadLetterSelection;

import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * {@link DeadLetterAdmin} over JMX: the {@code dev.fpmjms:type=DeadLetters,engine=<name>} MBean of
 * a running engine, reached through a connection. Errors the engine reports come back as the
 * {@link IllegalArgumentException} or {@link IllegalStateException} it threw; a lost connection is
 * an {@link UncheckedIOException}. Blocks on the network; thread-safe as the connection is.
 */
final class JmxDeadLetters implements DeadLetterAdmin {
    private static final String[] STRING = {String.class.getName()};

    private final MBeanServerConnection server;
    private final ObjectName name;

    JmxDeadLetters(MBeanServerConnection server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    private Object invoke(String operation, Object[] args, String[] signature) {
        try {
            return server.invoke(name, operation, args, signature);
        } catch (RuntimeMBeanException e) {
            throw rethrown(e.getTargetException());
        } catch (MBeanException e) {
            throw rethrown(e.getTargetException());
        } catch (JMException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("JMX connection failed: " + e.getMessage(), e);
        }
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            return (RuntimeException) t;
        }
        return new IllegalStateException(t == null ? "the engine failed" : t.getMessage(), t);
    }

    private Object attribute(String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (RuntimeMBeanException e) {
            throw rethrown(e.getTargetException());
        } catch (MBeanException e) {
            throw rethrown(e.getTargetException());
        } catch (JMException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("JMX connection failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String deadLetterQueue() {
        return (String) attribute("DeadLetterQueue");
    }

    @Override
    public long count() {
        return (Long) attribute("Count");
    }

    @Override
    public List<DeadLetter> list(String workerQueue, int limit) {
        CompositeData[] found = (CompositeData[]) invoke("list", new Object[]{workerQueue == null ? "" : workerQueue, limit},
                new String[]{String.class.getName(), int.class.getName()});
        return Arrays.stream(found).map(DeadLetterJmx::fromComposite).toList();
    }

    @Override
    public DeadLetter show(String messageId) {
        return DeadLetterJmx.fromComposite((CompositeData) invoke("show", new Object[]{messageId}, STRING));
    }

    @Override
    public int replay(DeadLetterSelection which) {
        return run("replay", which);
    }

    @Override
    public int purge(DeadLetterSelection which) {
        return run("purge", which);
    }

    /** The MBean operation for a replay or purge of a selection: {@code replayAll}, {@code purgeIds}, ... */
    private int run(String verb, DeadLetterSelection which) {
        switch (which.kind()) {
            case QUEUE:
                return (Integer) invoke(verb + "Queue", new Object[]{which.queue()}, STRING);
            case IDS:
                return (Integer) invoke(verb + "Ids", new Object[]{String.join(" ", which.ids())}, STRING);
            case SELECTOR:
                return (Integer) invoke(verb + "Selected", new Object[]{which.selector()}, STRING);
            default:
                return (Integer) invoke(verb + "All", new Object[0], new String[0]);
        }
    }
}
