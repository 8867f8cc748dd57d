/**
 * The wire contract ({@code docs/wire-contract.md}): a message as FastCGI params and a body
 * ({@link dev.fpmjms.wire.WireRequestEncoder}), a worker's CGI reply back as a message
 * ({@link dev.fpmjms.wire.WireReplyDecoder}), and the value forms both use (typed JSON, percent
 * form, WTF-8). {@link dev.fpmjms.wire.PercentEncoding} is also the configuration URI's encoder.
 *
 * <p>Layer: below the gateway, beside the FastCGI codec, which it does not use: it produces and
 * reads name-value maps and bytes, never records or sockets. May import {@code envelope} only.
 * Responsible for one thing: the lossless mapping between an envelope and what PHP sees.
 * Stateless and thread-safe throughout.
 */
package dev.fpmjms.wire;
