/**
 * The configuration: {@link dev.fpmjms.config.FpmConfig} and its
 * {@link dev.fpmjms.config.FpmRoute}s, immutable and validated when built, reached from a URI,
 * properties, JNDI attributes or JavaBean setters, which all end in the same objects
 * ({@code docs/configuration.md}). A bad value fails with its key, the value and what was expected.
 *
 * <p>Layer: beside the others, read by every layer that has settings. May import {@code wire}
 * (the wire protocol versions and route-param rules a route is checked against, and the one
 * percent-encoder) and {@code transport} (the FastCGI client's defaults a route starts
 * from), nothing else. Responsible for one thing: turning what a user wrote into checked settings.
 */
package dev.fpmjms.config;
