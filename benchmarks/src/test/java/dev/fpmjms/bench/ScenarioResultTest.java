package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioResultTest {

    @Test
    void lineStartsWithTheIssuesFieldsInOrderThenTheExtraOnes() {
        ScenarioResult r = new ScenarioResult("raw-fcgi-64B", 123_456, 12_345.67, 310, 3_805, 7_942, 4.04, 2_911, 31, 47);
        assertEquals("bench: scenario=raw-fcgi-64B msgs_per_s=12346 p50_us=310 p99_us=3805 heap_mb=4.0"
                + " p999_us=7942 alloc_b_per_msg=2911 msgs=123456 jvm_cpu_us_per_msg=31 php_cpu_us_per_msg=47", r.line());
    }

    @Test
    void lineMatchesTheDocumentedPattern() {
        String line = new ScenarioResult("fpmjms-e2e-persistent-256KiB", 5, 0.5, 0, 1, 2, 100.25, -1, -1, -1).line();
        assertTrue(line.matches("bench: scenario=\\S+ msgs_per_s=\\d+ p50_us=\\d+ p99_us=\\d+ heap_mb=[0-9.]+ .*"), line);
    }

    @Test
    void ratioLineHasTwoDecimalsAndNaForMissingFigures() {
        assertEquals("bench: ratio a.msgs_per_s/b.msgs_per_s=0.33", ScenarioResult.ratioLine("a.msgs_per_s", "b.msgs_per_s", 1.0 / 3));
        assertEquals("bench: ratio a/b=n/a", ScenarioResult.ratioLine("a", "b", Double.NaN));
        assertEquals("bench: ratio a/b=n/a", ScenarioResult.ratioLine("a", "b", 1.0 / 0));
    }

    @Test
    void namesWithSpacesAreRejectedSoThatLinesStayParseable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScenarioResult("raw fcgi", 1, 1, 1, 1, 1, 1, 1, 1, 1));
        assertTrue(e.getMessage().contains("raw fcgi"), e.getMessage());
    }
}
