package dev.fpmjms.fastcgi;

import java.io.IOException;

/**
 * The peer broke the FastCGI or CGI protocol, or a reply broke a configured limit. The message
 * names the offending value and, where one applies, the limit. The connection that produced it
 * is in an unknown state and must not be reused.
 */
public class FcgiProtocolException extends IOException {

    public FcgiProtocolException(String message) {
        super(message);
    }
}
