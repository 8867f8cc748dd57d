/**
 * The Jakarta Messaging 3.1 facade of fpm-jms: what applications use.
 *
 * <p>Public API: {@link dev.fpmjms.jms.FpmConnectionFactory} (the entry point), the connection,
 * session, producer, consumer and browser classes, {@link dev.fpmjms.jms.FpmQueue} and
 * {@link dev.fpmjms.jms.FpmTemporaryQueue}, and the simplified API
 * ({@link dev.fpmjms.jms.FpmJMSContext}, {@link dev.fpmjms.jms.FpmJMSProducer},
 * {@link dev.fpmjms.jms.FpmJMSConsumer}). Everything else here is package-private.
 *
 * <p>Layer: the top of the provider, below only {@code jndi} and the integrations. May import
 * {@code engine}, {@code message}, {@code selector}, {@code envelope}, {@code config},
 * {@code threads}, {@code admin} (the dead letters a connection factory gives out), and from
 * {@code gateway} only the gateway factory a connection factory hands to its engine; never {@code wire}, {@code transport} or FastCGI. Responsible for one thing: JMS
 * semantics on top of an engine.
 *
 * <p>The facade hands the engine ({@code dev.fpmjms.engine.FpmEngine}) envelopes and destination
 * references and gets back {@code Delivery}s and {@code PendingSend}s; messages are converted by
 * {@code dev.fpmjms.message.FpmMessageConverter}. A session sends through
 * {@code SessionSender} (synchronous, transacted or asynchronous) and hands messages to the
 * application through {@code SessionDelivery} (acknowledge modes, {@code UnackedDeliveries}).
 * The boilerplate of every call (closed checks that name the object, translation of engine
 * failures, interrupts, runtime exceptions of the simplified API) lives in {@code FacadeGuard}.
 *
 * <p>Threads: a session's MessageListeners run on one session thread ({@code SessionDispatcher});
 * asynchronous sends and their CompletionListeners run on one send thread per session
 * ({@code AsyncSends}); ExceptionListeners run on one event thread per connection. All are daemon
 * threads ({@code dev.fpmjms.threads.DaemonThreads}) named after their session or connection.
 * A MessageListener that keeps throwing in an auto-acknowledge mode has its message
 * dead-lettered ({@code ListenerFailures}).
 *
 * <p>Not offered: topics (every topic operation throws a {@code JMSException} that says so),
 * XA, connection consumers and session-level listeners (application-server facilities).
 */
package dev.fpmjms.jms;
