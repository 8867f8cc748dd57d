package dev.fpmjms.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolStatusTest {

    private static final String PAGE = """
            pool:                 www
            process manager:      static
            start time:           07/Dec/2026:03:50:00 +0000
            start since:          12
            accepted conn:        7
            listen queue:         1
            max listen queue:     3
            listen queue len:     511
            idle processes:       2
            active processes:     1
            total processes:      3
            max active processes: 3
            max children reached: 4
            slow requests:        0
            """;

    @Test
    void readsThePlainTextPage() {
        assertEquals(new PoolStatus("www", 1, 2, 3, 1, 4, 7), PoolStatus.parse(PAGE));
    }

    @Test
    void aMissingFieldIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolStatus.parse(PAGE.replace("listen queue:         1\n", "")));
        assertTrue(e.getMessage().contains("'listen queue'"), e.getMessage());
    }

    @Test
    void aFieldThatIsNotANumberIsNamedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolStatus.parse(PAGE.replace("idle processes:       2", "idle processes: two")));
        assertTrue(e.getMessage().contains("'idle processes'") && e.getMessage().contains("'two'"), e.getMessage());
    }
}
