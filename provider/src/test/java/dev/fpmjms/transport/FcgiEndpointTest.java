package dev.fpmjms.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FcgiEndpointTest {

    @Test
    void parsesUnixForms() {
        assertEquals(FcgiEndpoint.unix(Path.of("/run/php/fpm.sock")), FcgiEndpoint.parse("unix:/run/php/fpm.sock"));
        assertEquals(FcgiEndpoint.unix(Path.of("/run/php/fpm.sock")), FcgiEndpoint.parse("/run/php/fpm.sock"));
        assertEquals("unix:/run/php/fpm.sock", FcgiEndpoint.parse("/run/php/fpm.sock").toString());
        assertInstanceOf(UnixDomainSocketAddress.class, FcgiEndpoint.parse("/a.sock").socketAddress());
    }

    @Test
    void parsesTcpForms() {
        assertEquals(FcgiEndpoint.tcp("127.0.0.1", 9000), FcgiEndpoint.parse("tcp://127.0.0.1:9000"));
        assertEquals(FcgiEndpoint.tcp("php", 9001), FcgiEndpoint.parse("php:9001"));
        assertEquals(FcgiEndpoint.tcp("::1", 9000), FcgiEndpoint.parse("[::1]:9000"));
        assertEquals("tcp://[::1]:9000", FcgiEndpoint.parse("tcp://[::1]:9000").toString());
        assertEquals("tcp://localhost:65535", FcgiEndpoint.parse("localhost:65535").toString());
        InetSocketAddress a = assertInstanceOf(InetSocketAddress.class, FcgiEndpoint.parse("127.0.0.1:9000").socketAddress());
        assertEquals(9000, a.getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "unix:", "unix:relative.sock", "relative.sock", "host", "host:", ":9000",
            "host:0", "host:65536", "host:abc", "tcp://host", "tcp://:9000", "::1:9000", "http://host:80"})
    void rejectsNamingTheInput(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FcgiEndpoint.parse(bad));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("tcp://host:port"), e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> FcgiEndpoint.parse(null));
        assertThrows(IllegalArgumentException.class, () -> FcgiEndpoint.unix(Path.of("rel.sock")));
        assertThrows(IllegalArgumentException.class, () -> FcgiEndpoint.tcp("h", 0));
    }
}
