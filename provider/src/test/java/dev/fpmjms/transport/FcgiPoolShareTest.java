package dev.fpmjms.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sharing rules of {@link FcgiPoolShare} on an explicit clock (milliseconds as nanoseconds). */
class FcgiPoolShareTest {

    private static final long MS = 1_000_000L;
    private static final long WAIT = 50 * MS;

    private final FcgiPoolShare share = new FcgiPoolShare("test", 4, WAIT, 0);

    @Test
    void aProbeThatWaitsPastTheSaturationWaitAfterTheClientGaveAChildBackLowersTheLimitByOne() {
        assertTrue(share.probeDue(0));
        share.probeStarted(true, 0);
        share.tick(500 * MS);
        assertEquals(4, share.limit(), "no verdict while the client holds its children and gives none back");
        share.gaveBack(600 * MS);
        share.tick(600 * MS + WAIT - 1);
        assertEquals(4, share.limit());
        share.tick(600 * MS + WAIT);
        assertEquals(3, share.limit());
        share.tick(900 * MS);
        assertEquals(3, share.limit(), "one verdict per probe");
        share.probeAnswered(950 * MS, 7);
        assertEquals(3, share.limit(), "a late answer raises nothing");
        assertFalse(share.probeDue(950 * MS + 99 * MS));
        assertTrue(share.probeDue(950 * MS + 100 * MS));
    }

    @Test
    void withoutAChildOfItsOwnTheWaitCountsFromTheProbe() {
        long now = 0;
        for (int expected = 3; expected >= 1; expected--) {
            share.probeStarted(false, now);
            share.tick(now + WAIT - 1);
            assertEquals(expected + 1, share.limit());
            share.tick(now + WAIT);
            assertEquals(expected, share.limit());
            share.probeAnswered(now + WAIT + MS, 3 - expected);
            now += 200 * MS;
        }
        share.probeStarted(false, now);
        share.tick(now + WAIT);
        assertEquals(1, share.limit(), "never below 1");
    }

    @Test
    void aProbeAnsweredInTimeRaisesTheLimitByOneUpToTheCeiling() {
        share.probeStarted(false, 0);
        share.tick(WAIT);
        share.probeAnswered(WAIT, 1);
        assertEquals(3, share.limit());
        long now = WAIT;
        for (int i = 0; i < 5; i++) {
            now += 100 * MS;
            share.probeStarted(true, now);
            share.gaveBack(now + MS);
            share.probeAnswered(now + 2 * MS, 2 + i);
        }
        assertEquals(4, share.limit());
    }

    @Test
    void connectionsOpenedBeforeAnAcceptedOneAreAccepted() {
        long first = share.nextConnection();
        long second = share.nextConnection();
        long third = share.nextConnection();
        assertFalse(share.isAccepted(first));
        assertTrue(share.accepted(second));
        assertTrue(share.isAccepted(first));
        assertTrue(share.isAccepted(second));
        assertFalse(share.isAccepted(third));
        assertFalse(share.accepted(first), "no news");
        share.probeStarted(true, 0);
        assertTrue(share.probeAnswered(MS, third));
        assertTrue(share.isAccepted(third));
    }

    @Test
    void turnedOffItNeverProbesAndCountsEveryConnectionAsAccepted() {
        FcgiPoolShare off = new FcgiPoolShare("test", 4, 0, 0);
        assertFalse(off.probeDue(Long.MAX_VALUE / 2));
        assertTrue(off.isAccepted(off.nextConnection()));
        assertEquals(4, off.limit());
        assertEquals(Long.MAX_VALUE, off.nanosToNextEvent(0, true));
    }
}
