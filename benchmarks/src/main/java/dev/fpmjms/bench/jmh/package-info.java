/**
 * JMH microbenchmarks of hot paths: FastCGI request encoding and reply parsing, the wire
 * contract's encoder and decoder, and the JMS message to envelope conversion. Run with
 * {@code bash scripts/bench.sh --jmh [JMH options]}; never part of {@code mvn verify}.
 *
 * <p>Layer: outside the provider. May import the provider's {@code fastcgi}, {@code wire},
 * {@code message} and {@code envelope} packages. Responsible for one thing: timing one hot path
 * at a time, in isolation.
 */
package dev.fpmjms.bench.jmh;
