/**
 * The Jakarta Messaging 3.1 facade of fpm-jms: what applications use.
 *
 * <p>Public API: {@link dev.fpmjms.jms.FpmConnectionFactory} (the entry point), the connection,
 * session, producer, consumer and browser classes, {@link dev.fpmjms.jms.FpmQueue} and
 * {@link dev.fpmjms.jms.FpmTemporaryQueue}, and the simplified API
 * ({@link dev.fpmjms.jms.FpmJMSContext}, {@link dev.fpmjms.jms.FpmJMSProducer},
 * {@link dev.fpmjms.jms.FpmJMSConsumer}). Everything else here is package-private.
 *
 * <p>The facade talks to the engine ({@code dev.fpmjms.engine}) with envelopes and destination
 * references only; messages are converted by {@code dev.fpmjms.message.FpmMessageConverter}.
 * The boilerplate of every call (closed checks that name the object, translation of engine
 * failures, interrupts, runtime exceptions of the simplified API) lives in {@code FacadeGuard}.
 *
 * <p>Threads: a session's MessageListeners run on one session thread ({@code SessionDispatcher});
 * asynchronous sends and their CompletionListeners run on one send thread per session
 * ({@code AsyncSends}); ExceptionListeners run on one event thread per connection. All are daemon
 * threads named after their session or connection.
 *
 * <p>Not offered: topics (every topic operation throws a {@code JMSException} that says so),
 * XA, connection consumers and session-level listeners (application-server facilities).
 */
package dev.fpmjms.jms;
