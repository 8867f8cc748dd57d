package dev.fpmjms.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A route budget under a process budget: a reservation must fit both, and nothing leaks when it does not. */
class FcgiReplyBudgetTest {

    @Test
    void aReservationMustFitTheBudgetAndItsParent() {
        FcgiReplyBudget process = new FcgiReplyBudget("process", 100, null);
        FcgiReplyBudget a = new FcgiReplyBudget("route a", 80, process);
        FcgiReplyBudget b = new FcgiReplyBudget("route b", 80, process);
        assertTrue(a.tryReserve(70));
        assertFalse(a.tryReserve(11), "over route a's own limit");
        assertFalse(b.tryReserve(40), "fits route b, not the process");
        assertEquals(0, b.used(), "a refused reservation leaves nothing behind");
        assertEquals(70, process.used());
        assertTrue(b.tryReserve(30));
        a.release(70);
        b.release(30);
        assertEquals(0, process.used());
        assertEquals(100, process.peak());
        assertEquals(70, a.peak());
    }

    @Test
    void errorMessagesNameTheBudgetsAndTheRouteBudgetIsBoundedByTheHeap() {
        FcgiReplyBudget process = new FcgiReplyBudget("the process's reply memory", 100, null);
        FcgiReplyBudget route = new FcgiReplyBudget("route 'mail' reply memory", 80, process);
        route.tryReserve(5);
        assertEquals("route 'mail' reply memory of 80 bytes (5 in use) within the process's reply memory of 100 bytes"
                + " (5 in use)", route.toString());
        long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
        assertEquals(Math.min(16L * 16 * 1024 * 1024, quarterHeap), FcgiReplyBudget.forRoute("q", 16, 16 * 1024 * 1024).limit());
        assertEquals(4 * 1024, FcgiReplyBudget.forRoute("q", 4, 1024).limit());
        assertThrows(IllegalArgumentException.class, () -> new FcgiReplyBudget("none", 0, null));
    }
}
