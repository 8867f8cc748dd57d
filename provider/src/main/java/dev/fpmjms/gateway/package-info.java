/**
 * One attempt to deliver a message to a PHP worker and what it came to:
 * {@link dev.fpmjms.gateway.WorkerGateway} (the seam an engine calls),
 * {@link dev.fpmjms.gateway.DeliveryOutcome} (the classified result: success with its reply, not
 * delivered, lost after write, worker failure, rejected) and the FastCGI implementation
 * ({@code FcgiWorkerGateway}, opened per configuration by
 * {@link dev.fpmjms.gateway.FcgiGatewayFactory}, which also starts the embedded php-fpm).
 *
 * <p>Layer: below the engine, above wire, transport and fpm. May import {@code envelope},
 * {@code config}, {@code wire}, {@code transport}, {@code fastcgi} and {@code fpm}; never the
 * engine or {@code jakarta.jms}. Responsible for one thing: turning an envelope into a FastCGI
 * request and the response into an outcome; and what every engine does after a failed attempt
 * ({@link dev.fpmjms.gateway.OutcomeRules}: retry or dead letter) and how a dead letter and a
 * failure reply look ({@code DeadLetters}, {@code FailureReplies}). Queuing, timers and sending
 * them are the engine's ({@code dev.fpmjms.engine.WorkerQueue}, the broker mode's dispatcher).
 */
package dev.fpmjms.gateway;
