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
 * request and the response into an outcome. Retries, backoff, replies and dead letters are the
 * engine's ({@code dev.fpmjms.engine.WorkerQueue}).
 */
package dev.fpmjms.gateway;
