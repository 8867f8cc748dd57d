/**
 * The FastCGI 1.0 codec: request records, response records, name-value pairs and the CGI
 * response head. It imports only {@code java.*} and never touches a socket: it turns values into
 * {@link java.nio.ByteBuffer}s and bytes back into values.
 *
 * <p>Every record is an 8-byte header, the content and optional padding:
 * <pre>
 * struct record {
 *     ubyte version;          // always 1 (FCGI_VERSION_1)
 *     ubyte type;             // FcgiRecordType
 *     ushort requestId;       // big endian; 0 for management records, 1..65535 otherwise
 *     ushort contentLength;   // big endian; 0..65535
 *     ubyte paddingLength;    // 0..255 bytes of padding after the content
 *     ubyte reserved;
 *     ubyte[contentLength] contentData;
 *     ubyte[paddingLength] paddingData;
 * }
 * </pre>
 *
 * <p>Writing: {@link dev.fpmjms.fastcgi.FcgiRequestWriter}. Reading:
 * {@link dev.fpmjms.fastcgi.FcgiResponseParser}, an incremental state machine that reports to a
 * {@link dev.fpmjms.fastcgi.FcgiResponseListener}, usually a
 * {@link dev.fpmjms.fastcgi.FcgiResponseAssembler}; then
 * {@link dev.fpmjms.fastcgi.CgiResponseParser} splits the worker's STDOUT into head and body.
 *
 * <p>Nothing here is thread-safe unless its Javadoc says so; immutable values are.
 *
 * <p>Layer: the bottom of the FastCGI side, below {@code transport}. Imports only {@code java.*}.
 * Responsible for one thing: FastCGI records and CGI response heads as bytes and values.
 */
package dev.fpmjms.fastcgi;
