package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuMeterTest {

    @Test
    void readsUserPlusSystemTicksEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (php-fpm: pool (x) y) S 1 4242 4242 0 -1 4194624 1200 0 0 0 731 269 0 0 20 0 1 0 99 0 0";
        assertEquals(731 + 269, CpuMeter.parseTicks(stat));
    }

    @Test
    void microsPerOpIsMinusOneWhenAnythingIsUnknown() {
        assertEquals(25, CpuMeter.microsPerOp(1_000_000, 3_500_000, 100));
        assertEquals(-1, CpuMeter.microsPerOp(-1, 3_500_000, 100));
        assertEquals(-1, CpuMeter.microsPerOp(0, 3_500_000, 0));
    }

    @Test
    void thisJvmAndThisProcessHaveCpuTime() {
        assertTrue(CpuMeter.jvmNanos() > 0);
        assertTrue(CpuMeter.ticks(ProcessHandle.current().pid()) >= 0);
        assertEquals(-1, CpuMeter.phpNanos(), "no pool watched");
        CpuMeter.watchPool(Long.MAX_VALUE);
        try {
            assertEquals(-1, CpuMeter.phpNanos(), "a watched pool that is not running");
        } finally {
            CpuMeter.unwatchPool(Long.MAX_VALUE);
        }
    }
}
