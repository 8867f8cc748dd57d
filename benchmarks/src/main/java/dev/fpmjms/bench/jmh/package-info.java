/**
 * JMH microbenchmarks of hot paths: FastCGI request encoding and reply parsing, the wire
 * contract's encoder and decoder, and the JMS message to envelope conversion. Run with
 * {@code bash scripts/bench.sh --jmh [JMH options]}; never part of {@code mvn verify}.
 */
package dev.fpmjms.bench.jmh;
