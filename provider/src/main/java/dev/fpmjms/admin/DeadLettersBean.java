package dev.fpmjms.admin;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link DeadLettersMBean} over a {@link DeadLetterAdmin}, with parameter names for jconsole.
 * Failures reach JMX clients as plain {@link IllegalArgumentException} or
 * {@link IllegalStateException} with the message only, so a client needs no fpm-jms class to read
 * them. Thread-safe.
 */
final class DeadLettersBean extends StandardMBean implements DeadLettersMBean {
    private static final Map<String, String> PARAMETERS = Map.of("list", "queue,limit", "show", "messageId",
            "replayQueue", "queue", "replayIds", "ids", "replaySelected", "selector",
            "purgeQueue", "queue", "purgeIds", "ids", "purgeSelected", "selector");

    private final DeadLetterAdmin admin;

    DeadLettersBean(DeadLetterAdmin admin) throws NotCompliantMBeanException {
        super(DeadLettersMBean.class);
        this.admin = admin;
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    public String getDeadLetterQueue() {
        return admin.deadLetterQueue();
    }

    @Override
    public long getCount() {
        return call(admin::count);
    }

    @Override
    public CompositeData[] list(String queue, int limit) {
        return call(() -> admin.list(queue, limit).stream().map(DeadLetterJmx::toComposite).toArray(CompositeData[]::new));
    }

    @Override
    public CompositeData show(String messageId) {
        return call(() -> DeadLetterJmx.toComposite(admin.show(messageId)));
    }

    @Override
    public int replayAll() {
        return call(() -> admin.replay(DeadLetterSelection.all()));
    }

    @Override
    public int replayQueue(String queue) {
        return call(() -> admin.replay(DeadLetterSelection.queue(queue)));
    }

    @Override
    public int replayIds(String ids) {
        return call(() -> admin.replay(DeadLetterSelection.ids(split(ids))));
    }

    @Override
    public int replaySelected(String selector) {
        return call(() -> admin.replay(DeadLetterSelection.selector(selector)));
    }

    @Override
    public int purgeAll() {
        return call(() -> admin.purge(DeadLetterSelection.all()));
    }

    @Override
    public int purgeQueue(String queue) {
        return call(() -> admin.purge(DeadLetterSelection.queue(queue)));
    }

    @Override
    public int purgeIds(String ids) {
        return call(() -> admin.purge(DeadLetterSelection.ids(split(ids))));
    }

    @Override
    public int purgeSelected(String selector) {
        return call(() -> admin.purge(DeadLetterSelection.selector(selector)));
    }

    /** Ids separated by commas or white space. */
    static List<String> split(String ids) {
        if (ids == null) {
            return List.of();
        }
        return Arrays.stream(ids.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        String names = PARAMETERS.get(op.getName());
        return names == null ? super.getParameterName(op, param, sequence) : names.split(",")[sequence];
    }

    @Override
    protected String getDescription(MBeanOperationInfo op) {
        return op.getName().startsWith("replay")
                ? "sends dead letters back to their worker queues (fresh attempt count); returns how many"
                : op.getName().startsWith("purge") ? "deletes dead letters for good; returns how many"
                : super.getDescription(op);
    }
}
