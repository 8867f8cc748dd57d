package dev.fpmjms.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-time check of unix-socket endpoints: a wrong path is named before the first send. */
class FcgiGatewayFactorySocketTest {

    @Test
    void missingSocketAndPlainFileAreNamedTcpAndEmbeddedAreNotChecked(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("php8.2-fpm.sock");
        String m = FcgiGatewayFactory.socketProblem("unix:" + missing);
        assertTrue(m != null && m.contains(missing.toString()) && m.contains("does not exist"), m);
        m = FcgiGatewayFactory.socketProblem(missing.toString());
        assertTrue(m != null && m.contains(missing.toString()), m);

        Path file = Files.writeString(dir.resolve("not-a.sock"), "x");
        m = FcgiGatewayFactory.socketProblem("unix:" + file);
        assertTrue(m != null && m.contains(file.toString()) && m.contains("not a socket"), m);

        Path sock = dir.resolve("real.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            assertNull(FcgiGatewayFactory.socketProblem("unix:" + sock));
        }
        assertNull(FcgiGatewayFactory.socketProblem("embedded"));
        assertNull(FcgiGatewayFactory.socketProblem("tcp://127.0.0.1:9000"));
    }
}
