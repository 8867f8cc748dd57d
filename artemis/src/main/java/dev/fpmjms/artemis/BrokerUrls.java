package dev.fpmjms.artemis;

import dev.fpmjms.config.BrokerSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Builds the Artemis client URL from the {@code broker} settings: one URL as it is, several as
 * Artemis's {@code (tcp://a1:61616,tcp://a2:61616)} list; the {@code broker.<option>} settings
 * become its query, percent-encoded. Stateless.
 */
final class BrokerUrls {
    /**
     * What dispatchers use unless the settings say otherwise: reconnection without end (a
     * dispatcher outlives a broker restart), no client-side buffer for JMS consumers made on
     * these connections (a {@link DispatchPipeline} sets its own window on its core consumer,
     * {@link ArtemisDispatcher#windowBytes}), and batched writes ({@code batchDelay}): the
     * pipeline's replies and acknowledgements are then queued on the connection without a
     * flush each, and go out together with the commit that follows them (a blocking packet,
     * always flushed) in one write; the delay itself only bounds how long anything not followed
     * by a flushed packet would wait, which the pipeline never leaves.
     */
    static final Map<String, String> DISPATCHER_DEFAULTS = Map.of(
            "batchDelay", "50",
            "consumerWindowSize", "0",
            "reconnectAttempts", "-1",
            "retryInterval", "500");

    private BrokerUrls() {
    }

    /** The URL application connections use: exactly the configured options. */
    static String clientUrl(BrokerSettings broker) {
        return url(broker, Map.of());
    }

    /** The URL dispatchers use: {@link #DISPATCHER_DEFAULTS} under the configured options. */
    static String dispatcherUrl(BrokerSettings broker) {
        return url(broker, DISPATCHER_DEFAULTS);
    }

    private static String url(BrokerSettings broker, Map<String, String> defaults) {
        Map<String, String> options = new LinkedHashMap<>(new java.util.TreeMap<>(defaults));
        options.putAll(broker.options());
        String hosts = broker.urls().size() == 1 ? broker.urls().get(0) : "(" + String.join(",", broker.urls()) + ")";
        if (options.isEmpty()) {
            return hosts;
        }
        StringJoiner query = new StringJoiner("&", "?", "");
        options.forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return hosts + query;
    }
}
