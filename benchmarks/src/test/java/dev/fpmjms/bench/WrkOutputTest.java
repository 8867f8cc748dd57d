package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WrkOutputTest {

    private static final String TABLE = """
            Running 10s test @ http://127.0.0.1:39811/echo
              2 threads and 4 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   601.43us    1.20ms  45.00ms   98.10%
                Req/Sec     4.79k   312.11     5.40k    71.50%
              Latency Distribution
                 50%  295.00us
                 75%  410.00us
                 90%  620.00us
                 99%    1.55ms
              95310 requests in 10.00s, 14.21MB read
            Requests/sec:   9521.37
            Transfer/sec:      1.42MB
            """;

    @Test
    void readsRateCountAndPercentilesFromTheLuaHookLine() {
        WrkOutput out = WrkOutput.parse(TABLE.replace("Requests/sec:",
                "bench-wrk: p50_us=295 p99_us=1550 p999_us=20518 requests=95310 errors=0\nRequests/sec:"));
        assertEquals(9521.37, out.requestsPerSecond(), 1e-9);
        assertEquals(95310, out.requests());
        assertEquals(295, out.p50Micros());
        assertEquals(1550, out.p99Micros());
        assertEquals(20518, out.p999Micros());
        assertEquals(0, out.errors());
    }

    @Test
    void fallsBackToWrksTableAndConvertsUnits() {
        WrkOutput out = WrkOutput.parse(TABLE);
        assertEquals(295, out.p50Micros());
        assertEquals(1550, out.p99Micros());
        assertEquals(1550, out.p999Micros(), "no 99.9th in the table: the 99th stands in");
    }

    @Test
    void secondsAndMinutesInTheTable() {
        WrkOutput out = WrkOutput.parse(TABLE.replace("295.00us", "1.02s").replace("1.55ms", "1.50m"));
        assertEquals(1_020_000, out.p50Micros());
        assertEquals(90_000_000, out.p99Micros());
    }

    @Test
    void countsSocketErrorsAndNon2xxReplies() {
        WrkOutput out = WrkOutput.parse(TABLE.replace("Requests/sec:",
                "  Socket errors: connect 1, read 2, write 3, timeout 4\n  Non-2xx or 3xx responses: 17\nRequests/sec:"));
        assertEquals(27, out.errors());
    }

    @Test
    void failsWithTheTextWhenTheRateIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WrkOutput.parse("unable to connect to 127.0.0.1:1 Connection refused\n"));
        assertTrue(e.getMessage().contains("Requests/sec") && e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void failsWhenNoLatencyFigureIsThere() {
        String noLatency = "  10 requests in 1.00s, 1KB read\nRequests/sec:     10.00\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WrkOutput.parse(noLatency));
        assertTrue(e.getMessage().contains("--latency"), e.getMessage());
    }

    @Test
    void luaScriptPostsThePayloadAndPrintsTheLineTheParserReads() {
        String lua = HttpScenarios.luaScript(4096);
        assertTrue(lua.contains("wrk.method = \"POST\""), lua);
        assertTrue(lua.contains("string.rep(\"x\", 4096)"), lua);
        assertTrue(lua.contains("bench-wrk: p50_us=%d p99_us=%d p999_us=%d requests=%d errors=%d"), lua);
    }
}
