/**
 * FastCGI connections to php-fpm: {@link dev.fpmjms.transport.FcgiClient} runs requests on unix or
 * TCP connections ({@link dev.fpmjms.transport.FcgiEndpoint}), one request per connection as
 * php-fpm requires, at most {@code maxInFlight} at a time, all I/O on one non-blocking loop thread
 * ({@code FcgiIoLoop}, with {@code FcgiPipeline} for a request written behind another on a kept
 * connection and {@code FcgiPoolProbe} for the pool share's probe); failures are
 * {@link dev.fpmjms.transport.FcgiTransportException}s that say whether the request reached PHP.
 *
 * <p>Layer: above the codec ({@code fastcgi}), below the gateway. May import {@code fastcgi} and
 * {@code threads}. Responsible for one thing: moving encoded requests and replies over sockets,
 * with bounded memory; it knows nothing of messages.
 */
package dev.fpmjms.transport;
