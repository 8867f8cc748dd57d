/**
 * The broker mode on ActiveMQ Artemis: {@link dev.fpmjms.artemis.ArtemisEngineProvider} (found by
 * {@code FpmConnectionFactory} with {@code ServiceLoader}) hands applications the Artemis JMS
 * client, declares each worker queue as an Artemis address with a request queue and a reply queue
 * ({@link dev.fpmjms.artemis.WorkerQueues}), and {@link dev.fpmjms.artemis.ArtemisDispatcher}
 * delivers the requests to php-fpm through the provider's gateways, one pipeline per route
 * ({@link dev.fpmjms.artemis.DispatchPipeline}), settling requests with their replies in batched
 * broker transactions. {@link dev.fpmjms.artemis.DispatcherMain} runs a
 * dispatcher on its own. {@link dev.fpmjms.artemis.BrokerDeadLetters} lists, replays and purges
 * the broker's dead letters, for an application or, without one, for the command-line tool. See
 * {@code docs/artemis.md}.
 *
 * <p>Layer: a module above the provider, beside its local engine. May import the provider's
 * {@code jms}, {@code message}, {@code gateway}, {@code envelope}, {@code config} and {@code admin}
 * packages and the Artemis client. Responsible for one thing: queues in a broker, served by PHP
 * workers.
 */
package dev.fpmjms.artemis;
