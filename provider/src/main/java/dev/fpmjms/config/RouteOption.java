package dev.fpmjms.config;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The keys {@code route.<queue>.<option>} of {@link FpmRoute} and its {@link RetryPolicy} (CGI
 * params have their own key form, {@code route.<queue>.param.<NAME>}). Stateless.
 */
enum RouteOption {
    ENDPOINTS("endpoints", "a comma-separated list of endpoints: embedded, unix:/abs/path.sock, /abs/path.sock, tcp://host:port or host:port",
            (r, v) -> r.toBuilder().endpoints(SettingValues.list(v)).build(),
            r -> SettingValues.formatList("route '" + r.queue() + "' endpoints", r.endpoints())),
    SCRIPT("script", "an absolute path to a .php file or builtin:NAME",
            (r, v) -> r.toBuilder().script(SettingValues.text(v)).build(), FpmRoute::script),
    MAX_IN_FLIGHT("maxInFlight", SettingValues.WHOLE + " of 1 or more",
            (r, v) -> r.toBuilder().maxInFlight(SettingValues.wholeInt(v)).build(), r -> Integer.toString(r.maxInFlight())),
    CONNECT_TIMEOUT("connectTimeout", SettingValues.DURATION,
            (r, v) -> r.toBuilder().connectTimeout(SettingValues.duration(v)).build(),
            r -> SettingValues.formatDuration(r.connectTimeout())),
    READ_TIMEOUT("readTimeout", SettingValues.DURATION,
            (r, v) -> r.toBuilder().readTimeout(SettingValues.duration(v)).build(),
            r -> SettingValues.formatDuration(r.readTimeout())),
    KEEP_ALIVE("keepAlive", SettingValues.BOOLEAN,
            (r, v) -> r.toBuilder().keepAlive(SettingValues.bool(v)).build(), r -> Boolean.toString(r.keepAlive())),
    IDLE_LINGER("idleLinger", SettingValues.DURATION + ", zero or more",
            (r, v) -> r.toBuilder().idleLinger(SettingValues.duration(v)).build(),
            r -> SettingValues.formatDuration(r.idleLinger())),
    SATURATION_WAIT("saturationWait", SettingValues.DURATION + ", zero or more (zero: no pool sharing)",
            (r, v) -> r.toBuilder().saturationWait(SettingValues.duration(v)).build(),
            r -> SettingValues.formatDuration(r.saturationWait())),
    PIPELINE("pipeline", SettingValues.BOOLEAN,
            (r, v) -> r.toBuilder().pipeline(SettingValues.bool(v)).build(), r -> Boolean.toString(r.pipeline())),
    STATUS_PATH("statusPath", "an absolute path, the pool's pm.status_path (like /status)",
            (r, v) -> r.toBuilder().statusPath(SettingValues.text(v)).build(), FpmRoute::statusPath),
    PING_PATH("pingPath", "an absolute path, the pool's ping.path (like /ping)",
            (r, v) -> r.toBuilder().pingPath(SettingValues.text(v)).build(), FpmRoute::pingPath),
    PING_RESPONSE("pingResponse", "the pool's ping.response (php-fpm's default: pong)",
            (r, v) -> r.toBuilder().pingResponse(SettingValues.text(v)).build(), FpmRoute::pingResponse),
    REPLY_POLICY("replyPolicy", SettingValues.enumChoices(ReplyPolicy.class),
            (r, v) -> r.toBuilder().replyPolicy(SettingValues.enumValue(ReplyPolicy.class, v)).build(),
            r -> SettingValues.formatEnum(r.replyPolicy())),
    FAILURE_REPLIES("failureReplies", SettingValues.BOOLEAN,
            (r, v) -> r.toBuilder().failureReplies(SettingValues.bool(v)).build(), r -> Boolean.toString(r.failureReplies())),
    MAX_REPLY_BYTES("maxReplyBytes", SettingValues.SIZE,
            (r, v) -> r.toBuilder().maxReplyBytes(SettingValues.sizeInt(v)).build(),
            r -> SettingValues.formatSize(r.maxReplyBytes())),
    REPLY_ORDER("replyOrder", SettingValues.enumChoices(ReplyOrder.class),
            (r, v) -> r.toBuilder().replyOrder(SettingValues.enumValue(ReplyOrder.class, v)).build(),
            r -> SettingValues.formatEnum(r.replyOrder())),
    WIRE_PROTOCOL("wireProtocol", "the wire protocol version, 1 or 2",
            (r, v) -> r.toBuilder().wireProtocol(SettingValues.wholeInt(v)).build(), r -> Integer.toString(r.wireProtocol())),
    RETRY_MAX_ATTEMPTS("retry.maxAttempts", SettingValues.WHOLE + " of 1 or more",
            (r, v) -> retry(r, p -> new RetryPolicy(SettingValues.wholeInt(v), p.initialBackoff(), p.maxBackoff(),
                    p.multiplier(), p.jitter(), p.retryClientErrors())),
            r -> Integer.toString(r.retryPolicy().maxAttempts())),
    RETRY_INITIAL_BACKOFF("retry.initialBackoff", SettingValues.DURATION,
            (r, v) -> retry(r, p -> new RetryPolicy(p.maxAttempts(), SettingValues.duration(v), p.maxBackoff(),
                    p.multiplier(), p.jitter(), p.retryClientErrors())),
            r -> SettingValues.formatDuration(r.retryPolicy().initialBackoff())),
    RETRY_MAX_BACKOFF("retry.maxBackoff", SettingValues.DURATION,
            (r, v) -> retry(r, p -> new RetryPolicy(p.maxAttempts(), p.initialBackoff(), SettingValues.duration(v),
                    p.multiplier(), p.jitter(), p.retryClientErrors())),
            r -> SettingValues.formatDuration(r.retryPolicy().maxBackoff())),
    RETRY_MULTIPLIER("retry.multiplier", SettingValues.DECIMAL + " of 1 or more",
            (r, v) -> retry(r, p -> new RetryPolicy(p.maxAttempts(), p.initialBackoff(), p.maxBackoff(),
                    SettingValues.decimal(v), p.jitter(), p.retryClientErrors())),
            r -> SettingValues.formatDecimal(r.retryPolicy().multiplier())),
    RETRY_JITTER("retry.jitter", SettingValues.DECIMAL + " from 0 to 1",
            (r, v) -> retry(r, p -> new RetryPolicy(p.maxAttempts(), p.initialBackoff(), p.maxBackoff(),
                    p.multiplier(), SettingValues.decimal(v), p.retryClientErrors())),
            r -> SettingValues.formatDecimal(r.retryPolicy().jitter())),
    RETRY_CLIENT_ERRORS("retry.clientErrors", SettingValues.BOOLEAN,
            (r, v) -> retry(r, p -> new RetryPolicy(p.maxAttempts(), p.initialBackoff(), p.maxBackoff(),
                    p.multiplier(), p.jitter(), SettingValues.bool(v))),
            r -> Boolean.toString(r.retryPolicy().retryClientErrors()));

    static final String PREFIX = "route.";
    static final String PARAM = "param";

    final String option;
    final String expected;
    private final BiFunction<FpmRoute, String, FpmRoute> reader;
    private final Function<FpmRoute, String> writer;

    RouteOption(String option, String expected, BiFunction<FpmRoute, String, FpmRoute> reader,
                Function<FpmRoute, String> writer) {
        this.option = option;
        this.expected = expected;
        this.reader = reader;
        this.writer = writer;
    }

    boolean isList() {
        return this == ENDPOINTS;
    }

    /** A copy of {@code route} with this option read from {@code value}; validation errors propagate. */
    FpmRoute read(FpmRoute route, String value) {
        return reader.apply(route, value);
    }

    String write(FpmRoute route) {
        return writer.apply(route);
    }

    static RouteOption byOption(String option) {
        for (RouteOption o : values()) {
            if (o.option.equals(option)) {
                return o;
            }
        }
        return null;
    }

    private static FpmRoute retry(FpmRoute r, UnaryOperator<RetryPolicy> change) {
        return r.toBuilder().retryPolicy(change.apply(r.retryPolicy())).build();
    }
}
