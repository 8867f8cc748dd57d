package dev.fpmjms.integrations.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code fpmjms.*} entries of {@code application.properties}: an fpm URI and individual
 * settings on top of it, with the keys of {@code docs/configuration.md}.
 *
 * <pre>
 * fpmjms.uri=fpm://?route.orders=unix:/run/php/php8.2-fpm.sock|/srv/app/workers/invoice.php
 * fpmjms.settings[route.orders.maxInFlight]=8
 * fpmjms.settings[maxQueueMessages]=50000
 * </pre>
 *
 * <p>Settings use Spring Boot's bracket notation because fpm-jms keys are case-sensitive and may
 * contain dots, which Spring Boot would otherwise lower-case and split. Mutable (bound by Spring).
 */
@ConfigurationProperties(prefix = "fpmjms")
public class FpmJmsProperties {
    /** The configuration as an fpm URI; the default serves every queue with the embedded echo worker. */
    private String uri = "fpm:embedded";
    /** Settings applied on top of {@link #uri}, in the order written. */
    private Map<String, String> settings = new LinkedHashMap<>();

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings;
    }
}
