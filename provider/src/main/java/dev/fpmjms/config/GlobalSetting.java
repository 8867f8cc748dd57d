package dev.fpmjms.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The top-level setting keys of {@link FpmConfig}: how each is read into a builder and written
 * back from a configuration. Stateless.
 */
enum GlobalSetting {
    NAME("name", SettingValues.TEXT,
            (b, v) -> b.name(SettingValues.text(v)), FpmConfig::name),
    DEAD_LETTER_QUEUE("deadLetterQueue", "a queue name",
            (b, v) -> b.deadLetterQueue(SettingValues.text(v)), FpmConfig::deadLetterQueue),
    LOCAL_QUEUES("localQueues", "a comma-separated list of queue names",
            (b, v) -> b.localQueues(SettingValues.list(v)),
            c -> SettingValues.formatList("localQueues", java.util.List.copyOf(c.localQueues()))),
    MAX_QUEUE_MESSAGES("maxQueueMessages", SettingValues.WHOLE,
            (b, v) -> b.maxQueueMessages(SettingValues.whole(v)), c -> Long.toString(c.maxQueueMessages())),
    MAX_QUEUE_BYTES("maxQueueBytes", SettingValues.SIZE,
            (b, v) -> b.maxQueueBytes(SettingValues.size(v)), c -> SettingValues.formatSize(c.maxQueueBytes())),
    MAX_MESSAGE_BYTES("maxMessageBytes", SettingValues.SIZE,
            (b, v) -> b.maxMessageBytes(SettingValues.size(v)), c -> SettingValues.formatSize(c.maxMessageBytes())),
    FULL_QUEUE_POLICY("fullQueuePolicy", SettingValues.enumChoices(FullQueuePolicy.class),
            (b, v) -> b.fullQueuePolicy(SettingValues.enumValue(FullQueuePolicy.class, v)),
            c -> SettingValues.formatEnum(c.fullQueuePolicy())),
    SEND_TIMEOUT("sendTimeout", SettingValues.DURATION,
            (b, v) -> b.sendTimeout(SettingValues.duration(v)), c -> SettingValues.formatDuration(c.sendTimeout())),
    DRAIN_TIMEOUT("drainTimeout", SettingValues.DURATION,
            (b, v) -> b.drainTimeout(SettingValues.duration(v)), c -> SettingValues.formatDuration(c.drainTimeout())),
    OBJECT_MESSAGE_ALLOW_LIST("objectMessageAllowList", "a comma-separated list of packages or classes",
            (b, v) -> b.objectMessageAllowList(SettingValues.list(v)),
            c -> SettingValues.formatList("objectMessageAllowList", c.objectMessageAllowList())),
    OBJECT_MESSAGE_MAX_DEPTH("objectMessageMaxDepth", "a whole number from 1 to 10000",
            (b, v) -> b.objectMessageLimits(b.configuredObjectMessageLimits().withMaxDepth(SettingValues.wholeInt(v))),
            c -> Integer.toString(c.objectMessageLimits().maxDepth())),
    OBJECT_MESSAGE_MAX_REFERENCES("objectMessageMaxReferences", SettingValues.WHOLE,
            (b, v) -> b.objectMessageLimits(b.configuredObjectMessageLimits().withMaxReferences(SettingValues.whole(v))),
            c -> Long.toString(c.objectMessageLimits().maxReferences())),
    OBJECT_MESSAGE_MAX_ARRAY_LENGTH("objectMessageMaxArrayLength", SettingValues.WHOLE,
            (b, v) -> b.objectMessageLimits(b.configuredObjectMessageLimits().withMaxArrayLength(SettingValues.wholeInt(v))),
            c -> Integer.toString(c.objectMessageLimits().maxArrayLength())),
    OBJECT_MESSAGE_MAX_BYTES("objectMessageMaxBytes", SettingValues.SIZE,
            (b, v) -> b.objectMessageLimits(b.configuredObjectMessageLimits().withMaxStreamBytes(SettingValues.size(v))),
            c -> SettingValues.formatSize(c.objectMessageLimits().maxStreamBytes())),
    DATA_DIRECTORY("dataDirectory", "a directory path",
            (b, v) -> b.dataDirectory(path(v)), c -> c.dataDirectory() == null ? null : c.dataDirectory().toString()),
    FSYNC_POLICY("fsyncPolicy", "always, never, batch_ms or batch_ms:<millis>",
            (b, v) -> b.fsyncPolicy(FsyncPolicy.parse(SettingValues.text(v))), GlobalSetting::fsync),
    LISTENER_BATCH_WINDOW("listenerBatchWindow", SettingValues.DURATION,
            (b, v) -> b.listenerBatchWindow(SettingValues.duration(v)),
            c -> SettingValues.formatDuration(c.listenerBatchWindow())),
    BROKER("broker", "a comma-separated list of broker URLs like tcp://a1:61616",
            (b, v) -> b.brokerUrls(SettingValues.list(v)),
            c -> c.broker() == null ? null : SettingValues.formatList("broker", c.broker().urls())),
    BROKER_DISPATCH("brokerDispatch", "true or false",
            (b, v) -> b.brokerDispatch(SettingValues.bool(v)),
            c -> c.broker() == null || c.broker().dispatch() ? null : "false"),
    TRACING("tracing", "true or false",
            (b, v) -> b.tracing(SettingValues.bool(v)), c -> c.tracing() ? null : "false");

    final String key;
    final String expected;
    private final BiConsumer<FpmConfig.Builder, String> reader;
    private final Function<FpmConfig, String> writer;

    GlobalSetting(String key, String expected, BiConsumer<FpmConfig.Builder, String> reader,
                  Function<FpmConfig, String> writer) {
        this.key = key;
        this.expected = expected;
        this.reader = reader;
        this.writer = writer;
    }

    /** Whether repeated values of this key are joined (comma lists) rather than rejected. */
    boolean isList() {
        return this == LOCAL_QUEUES || this == OBJECT_MESSAGE_ALLOW_LIST || this == BROKER;
    }

    void read(FpmConfig.Builder b, String value) {
        reader.accept(b, value);
    }

    /** The canonical value, or null when unset. */
    String write(FpmConfig c) {
        return writer.apply(c);
    }

    static GlobalSetting byKey(String key) {
        for (GlobalSetting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** FsyncPolicy's own text form, which counts whole milliseconds. */
    private static String fsync(FpmConfig c) {
        FsyncPolicy p = c.fsyncPolicy();
        if (p.mode() == FsyncPolicy.Mode.BATCH_MS && !p.interval().equals(java.time.Duration.ofMillis(p.interval().toMillis()))) {
            throw new IllegalArgumentException("fpm-jms setting 'fsyncPolicy' has no text form: its batch interval "
                    + p.interval() + " is not a whole number of milliseconds");
        }
        return p.toString();
    }

    private static Path path(String v) {
        try {
            return Path.of(SettingValues.text(v));
        } catch (InvalidPathException e) {
            throw new SettingValues.BadValue("a valid path (" + e.getReason() + ")");
        }
    }
}
