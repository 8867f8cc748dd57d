/**
 * The local engine: {@link dev.fpmjms.engine.FpmEngine} holds the queues of one configuration in
 * the JVM ({@link dev.fpmjms.engine.LocalQueue}: priority order, delays, expiry, size limits;
 * persistent messages through {@code QueueStorage} into the journal), serves worker queues
 * ({@code WorkerQueue}: the dispatch window, retries with backoff, outcomes applied, replies
 * handed over by {@code EngineReplies}, dead letters), temporary queues and the dead-letter queue.
 * Readers take {@link dev.fpmjms.engine.Delivery}s through
 * {@link dev.fpmjms.engine.Subscription}s and acknowledge or release them.
 *
 * <p>Layer: below the facade ({@code jms}), above gateway and store. May import {@code envelope},
 * {@code config}, {@code gateway}, {@code store}, {@code threads}, {@code health}, {@code metrics},
 * {@code admin} (the dead-letter API it implements) and {@code selector} (a durable
 * subscription's stored selector is compiled again at recovery); never {@code jakarta.jms},
 * {@code wire} or FastCGI. Responsible for one thing: where messages wait and what happens to
 * them until they are done.
 */
package dev.fpmjms.engine;
