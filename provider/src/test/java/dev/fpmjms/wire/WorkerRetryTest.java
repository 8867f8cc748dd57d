package dev.fpmjms.wire;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerRetryTest {

    private static long read(String value) throws WireFormatException {
        return WorkerRetry.read(Map.of("x-fpmjms-retry", value));
    }

    @Test
    void neverAndAfterAreReadInAnyCase() throws WireFormatException {
        assertEquals(WorkerRetry.POLICY, WorkerRetry.read(Map.of("Content-Type", "text/plain")));
        assertEquals(WorkerRetry.NEVER, read("never"));
        assertEquals(WorkerRetry.NEVER, read(" NEVER "));
        assertEquals(0, read("after=0"));
        assertEquals(30_000, read("After= 30"));
        assertEquals(86_400_000, read("after=86400"));
    }

    @Test
    void badValuesAreRefusedNamingTheHeaderAndTheValue() {
        for (String bad : new String[] {"soon", "after=", "after=-1", "after=86401", "after=1.5", "after=9999999999", ""}) {
            WireFormatException e = assertThrows(WireFormatException.class, () -> read(bad), bad);
            assertTrue(e.getMessage().startsWith("X-Fpmjms-Retry: "), e.getMessage());
        }
        WireFormatException e = assertThrows(WireFormatException.class, () -> read("after=86401"));
        assertTrue(e.getMessage().contains("0 to 86400") && e.getMessage().contains("86401"), e.getMessage());
        e = assertThrows(WireFormatException.class, () -> read("soon"));
        assertTrue(e.getMessage().contains("'never' or 'after=<seconds>'") && e.getMessage().contains("soon"), e.getMessage());
    }
}
