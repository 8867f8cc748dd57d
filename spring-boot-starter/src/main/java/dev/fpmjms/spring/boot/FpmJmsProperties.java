package dev.fpmjms.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code fpmjms.*} properties: an fpm URI and individual settings on top of it, with the keys
 * of {@code docs/configuration.md}.
 *
 * <pre>
 * fpmjms.uri=fpm://?route.orders=unix:/run/php/php8.2-fpm.sock|/srv/app/workers/invoice.php
 * fpmjms.settings[route.orders.maxInFlight]=8
 * FPMJMS_SETTINGS_ROUTE_ORDERS_MAXINFLIGHT=8        (the same, as an environment variable)
 * </pre>
 *
 * <p>Setting keys follow Spring Boot's relaxed binding: the fixed parts of a key (setting and option
 * names such as {@code maxInFlight}, {@code embeddedFpm}) match ignoring case, dashes and
 * underscores; the free parts (queue names, CGI param, php.ini and environment variable names) are
 * taken as written. The bracket form keeps a key exactly as written; an environment variable or an
 * unbracketed key arrives lower-cased, so a queue whose name has upper-case letters is set with
 * the bracket form or in {@link #getUri() the URI}. Mutable (bound by Spring).
 */
@ConfigurationProperties(prefix = "fpmjms")
public class FpmJmsProperties {
    /** The configuration as an fpm URI; the default serves every queue with the embedded echo worker. */
    private String uri = "fpm:embedded";
    /** Settings applied on top of {@link #uri}, in the order bound. */
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
