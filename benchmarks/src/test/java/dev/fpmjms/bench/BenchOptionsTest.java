package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

    @Test
    void defaultsFitTheFiveMinuteBudget() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(4, o.children());
        assertEquals(List.of(64, 4096, 262_144), o.sizes());
        assertEquals(4, o.concurrency());
        assertEquals(64, o.window());
        assertEquals(dev.fpmjms.config.FsyncPolicy.always(Duration.ofMillis(1)), o.fsync());
        assertEquals(Duration.ofSeconds(5), o.warmup());
        assertEquals(Duration.ofSeconds(10), o.duration());
        assertEquals(List.of(64), o.contextSizes());
    }

    @Test
    void quickShortensWindowsAndKeepsOneSize() {
        BenchOptions o = BenchOptions.parse("--quick");
        assertEquals(List.of(64), o.sizes());
        assertEquals(Duration.ofSeconds(1), o.warmup());
        assertEquals(Duration.ofSeconds(2), o.duration());
        assertEquals(List.of(64, 4096, 262_144), BenchOptions.parse("--quick", "--sizes", "64,4k,256k").sizes(),
                "explicit sizes win over --quick");
    }

    @Test
    void flagsOverrideAndDeriveConcurrencyAndWindowFromChildren() {
        BenchOptions o = BenchOptions.parse("--children", "2", "--sizes", "1k,64", "--duration", "0.5",
                "--warmup", "0", "--all-sizes", "--only", "raw, nginx");
        assertEquals(2, o.children());
        assertEquals(2, o.concurrency());
        assertEquals(32, o.window());
        assertEquals(List.of(1024, 64), o.sizes());
        assertEquals(List.of(1024, 64), o.contextSizes());
        assertEquals(Duration.ofMillis(500), o.duration());
        assertEquals(Duration.ZERO, o.warmup());
        assertTrue(o.wants("raw-fcgi-64B"));
        assertFalse(o.wants("artemis-persistent-64B"));
    }

    @Test
    void badValuesNameTheOption() {
        assertMessage("--children", () -> BenchOptions.parse("--children", "0"));
        assertMessage("--duration", () -> BenchOptions.parse("--duration", "0"));
        assertMessage("--sizes", () -> BenchOptions.parse("--sizes", "64,x"));
        assertMessage("--window", () -> BenchOptions.parse("--window"));
        assertMessage("--bogus", () -> BenchOptions.parse("--bogus"));
        assertMessage("--fsync", () -> BenchOptions.parse("--fsync", "sometimes"));
        assertEquals(dev.fpmjms.config.FsyncPolicy.ALWAYS, BenchOptions.parse("--fsync", "always").fsync());
    }

    @Test
    void sizeLabels() {
        assertEquals("64B", BenchOptions.sizeLabel(64));
        assertEquals("4KiB", BenchOptions.sizeLabel(4096));
        assertEquals("256KiB", BenchOptions.sizeLabel(262_144));
        assertEquals("1MiB", BenchOptions.sizeLabel(1 << 20));
        assertEquals("1000B", BenchOptions.sizeLabel(1000));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
