package dev.fpmjms.fastcgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FcgiConstantsTest {

    @Test
    void recordTypesMatchTheSpecification() {
        String[] names = {"BEGIN_REQUEST", "ABORT_REQUEST", "END_REQUEST", "PARAMS", "STDIN",
            "STDOUT", "STDERR", "DATA", "GET_VALUES", "GET_VALUES_RESULT", "UNKNOWN_TYPE"};
        for (int code = 1; code <= 11; code++) {
            FcgiRecordType type = FcgiRecordType.from(code);
            assertEquals(names[code - 1], type.name());
            assertEquals(code, type.code());
        }
        for (int bad : new int[] {0, 12, -1, 256}) {
            assertEquals("unknown FastCGI record type " + bad + " (expected 1..11)",
                    assertThrows(IllegalArgumentException.class, () -> FcgiRecordType.from(bad))
                            .getMessage());
        }
    }

    @Test
    void roles() {
        assertSame(FcgiRole.RESPONDER, FcgiRole.from(1));
        assertSame(FcgiRole.AUTHORIZER, FcgiRole.from(2));
        assertSame(FcgiRole.FILTER, FcgiRole.from(3));
        for (FcgiRole r : FcgiRole.values()) {
            assertSame(r, FcgiRole.from(r.code()));
        }
        assertEquals("unknown FastCGI role 0 (expected 1..3)",
                assertThrows(IllegalArgumentException.class, () -> FcgiRole.from(0)).getMessage());
    }

    @Test
    void protocolStatuses() {
        assertSame(FcgiProtocolStatus.REQUEST_COMPLETE, FcgiProtocolStatus.from(0));
        assertSame(FcgiProtocolStatus.CANT_MPX_CONN, FcgiProtocolStatus.from(1));
        assertSame(FcgiProtocolStatus.OVERLOADED, FcgiProtocolStatus.from(2));
        assertSame(FcgiProtocolStatus.UNKNOWN_ROLE, FcgiProtocolStatus.from(3));
        assertEquals("unknown FastCGI protocol status 4 (expected 0..3)",
                assertThrows(IllegalArgumentException.class, () -> FcgiProtocolStatus.from(4))
                        .getMessage());
    }
}
