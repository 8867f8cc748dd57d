package dev.fpmjms.gateway;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.MessageTooLargeException;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import dev.fpmjms.wire.WireRequestEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The echo worker returns the request, so a request whose echo would go over the reply limits is
 * refused at send instead of failing on every attempt: before, a 10 MiB property was accepted and
 * each echo's reply head went over 1 MiB ("unreadable reply"). No php-fpm is needed: the check
 * runs before any connection.
 */
@Timeout(30)
class EchoSendLimitTest {
    private static final int MAX_REPLY = 1024 * 1024;

    private final FcgiClient client = new FcgiClient(FcgiEndpoint.unix(Path.of("/nonexistent/fpm.sock")),
            FcgiClientSettings.builder().maxStdoutBytes(MAX_REPLY).build());

    @AfterEach
    void close() {
        client.close();
    }

    private FcgiWorkerGateway gateway(boolean echoes) {
        return new FcgiWorkerGateway("echo", WireRequestEncoder.forRoute("echo", "/srv/echo.php", Map.of(), 2),
                List.of(client), echoes);
    }

    private static FpmEnvelope.Builder message() {
        return FpmEnvelope.builder(DestinationRef.queue("echo")).messageId("ID:m1").timestamp(1);
    }

    @Test
    void propertiesTooLongForTheEchoReplyHeadAreRefused() {
        FpmEnvelope m = message().body(BodyType.TEXT, "x").property("big", "p".repeat(2 * 1024 * 1024)).build();
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> gateway(true).checkSendable(m));
        assertTrue(e.getMessage().startsWith("message ID:m1 to worker queue 'echo': its properties take "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" bytes on the wire, and the echo worker returns them in its reply head,"
                + " which is limited to 1048576 bytes"), e.getMessage());
        assertDoesNotThrow(() -> gateway(false).checkSendable(m), "another worker need not send them back");
    }

    @Test
    void aBodyWhoseEchoIsOverMaxReplyBytesIsRefused() {
        FpmEnvelope m = message().body(BodyType.BYTES, new byte[MAX_REPLY]).build();
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> gateway(true).checkSendable(m));
        assertTrue(e.getMessage().contains("over the route's limit of 1048576 bytes (maxReplyBytes)"), e.getMessage());
        assertDoesNotThrow(() -> gateway(false).checkSendable(m));
    }

    @Test
    void messagesWhoseEchoFitsAreAccepted() {
        assertDoesNotThrow(() -> gateway(true).checkSendable(message().body(BodyType.BYTES,
                new byte[MAX_REPLY - FcgiWorkerGateway.ECHO_HEAD_SLACK]).build()));
        assertDoesNotThrow(() -> gateway(true).checkSendable(message().body(BodyType.TEXT, "small")
                .property("p", "v".repeat(100_000)).build()));
    }
}
