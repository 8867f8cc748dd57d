/**
 * The embedded php-fpm ({@link dev.fpmjms.fpm.EmbeddedPhpFpm}) for development, tests and the
 * demo: finds the binary, writes a pool configuration in a temporary directory, starts php-fpm as
 * a guest of the JVM (it dies with it), waits until it answers, and installs the shipped PHP
 * scripts (the helper {@code fpmjms.php} and the echo worker).
 *
 * <p>Layer: beside the gateway's other dependencies, above transport. May import {@code config}
 * and {@code transport} (a FastCGI ping tells when php-fpm is up). Responsible for one thing:
 * running a php-fpm that the provider owns.
 */
package dev.fpmjms.fpm;
