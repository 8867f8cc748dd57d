/**
 * The side-by-side benchmark ({@code bash scripts/bench.sh}, {@link dev.fpmjms.bench.BenchMain}):
 * fpm-jms end to end against the raw FastCGI client, nginx + wrk, Java's HttpClient through nginx
 * and an embedded Artemis broker, on php-fpm pools of the same settings, with alternating scenarios that
 * take turns in half-second slices so that drift of a shared machine cannot bias a ratio. Method
 * and results: {@code docs/benchmarks.md}.
 *
 * <p>Layer: outside the provider, a user of it. May import the provider's public API and, for
 * the raw baselines, its {@code transport}, {@code fastcgi}, {@code fpm}, {@code wire},
 * {@code config} and {@code envelope} classes; never imported by anything. Responsible
 * for one thing: measuring fpm-jms against the ways to reach php-fpm without it.
 */
package dev.fpmjms.bench;
