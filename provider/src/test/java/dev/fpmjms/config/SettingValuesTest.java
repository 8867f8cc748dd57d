package dev.fpmjms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

    @Test
    void durationsWriteInTheLargestExactUnitAndReadBack() {
        List<Duration> samples = List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(1_000), Duration.ofMillis(1),
                Duration.ofMillis(1500), Duration.ofSeconds(59), Duration.ofSeconds(90), Duration.ofMinutes(60),
                Duration.ofHours(48), Duration.ofSeconds(86_401), Duration.ofSeconds(3, 7));
        List<String> written = samples.stream().map(SettingValues::formatDuration).toList();
        assertEquals(List.of("0", "1ns", "1us", "1ms", "1500ms", "59s", "90s", "1h", "2d", "86401s", "3000000007ns"), written);
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(samples.get(i), SettingValues.duration(written.get(i)));
        }
        assertThrows(SettingValues.BadValue.class, () -> SettingValues.duration("99999999999999999999d"));
        assertThrows(SettingValues.BadValue.class, () -> SettingValues.duration("1w"));
        assertThrows(SettingValues.BadValue.class, () -> SettingValues.duration("1.5s"));
    }

    @Test
    void sizesWriteInTheLargestExactUnitAndReadBack() {
        long[] samples = {0, 1, 1023, 1024, 1536, 64L << 10, 16L << 20, 3L << 30, 1L << 40};
        List<String> written = java.util.Arrays.stream(samples).mapToObj(SettingValues::formatSize).toList();
        assertEquals(List.of("0", "1", "1023", "1KiB", "1536", "64KiB", "16MiB", "3GiB", "1TiB"), written);
        for (int i = 0; i < samples.length; i++) {
            assertEquals(samples[i], SettingValues.size(written.get(i)));
        }
        assertThrows(SettingValues.BadValue.class, () -> SettingValues.size("9000000TiB"));
    }

    @Test
    void decimalsReadBackExactly() {
        for (double d : new double[] {1.0, 2.0, 0.2, 0.05, 1.0E-7, 123456.789}) {
            assertEquals(d, SettingValues.decimal(SettingValues.formatDecimal(d)));
        }
        assertEquals("0.0000001", SettingValues.formatDecimal(1.0E-7));
        assertThrows(SettingValues.BadValue.class, () -> SettingValues.decimal("NaN"));
        assertThrows(SettingValues.BadValue.class, () -> SettingValues.decimal("-1"));
    }
}

