package dev.fpmjms.envelope;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The W3C Trace Context rule: what a valid traceparent and tracestate are, and where a message carries them. */
class TraceContextTest {
    static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentAndItsParts() {
        TraceContext c = TraceContext.parse(PARENT, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertNotNull(c);
        assertEquals(PARENT, c.traceparent());
        assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", c.tracestate());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", c.traceId());
        assertEquals("00f067aa0ba902b7", c.parentId());
        assertTrue(c.sampled());
        assertFalse(TraceContext.parse(PARENT.substring(0, 53) + "00", null).sampled());
        assertTrue(TraceContext.parse(PARENT.substring(0, 53) + "03", null).sampled(), "other flags do not hide sampled");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", // upper case
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // trace id too short
        "00-4bf92f3577b34da6a3ce929d0e0e47361-00f067aa0ba902b7-01", // trace id too long
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01", // span id too short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", // flags too short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", // version 00 with more
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // later version, no dash
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01", // separators
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // not hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n", // a line break is not trimmed
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\u00e9", // not ASCII
    })
    void anInvalidTraceparentIsNoContextAndItsTracestateIsIgnored(String traceparent) {
        assertNull(TraceContext.parse(traceparent, "a=1"), traceparent);
    }

    @Test
    void aLaterVersionMayAddFieldsAndBlanksAroundAreDropped() {
        TraceContext c = TraceContext.parse(" \t01" + PARENT.substring(2) + "-future ", " ");
        assertNotNull(c);
        assertEquals("01" + PARENT.substring(2) + "-future", c.traceparent());
        assertNull(c.tracestate(), "a blank tracestate is none");
        assertEquals(PARENT, TraceContext.parse(" " + PARENT + "\t", null).traceparent());
    }

    @Test
    void tracestateGrammar() {
        assertEquals("a=1, b@sys=x y,,c*/_-9=~", TraceContext.parse(PARENT, "a=1, b@sys=x y,,c*/_-9=~").tracestate());
        assertEquals("0a=1", TraceContext.parse(PARENT, "0a=1").tracestate(), "a key may start with a digit");
        StringBuilder max = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            max.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
        }
        assertEquals(max.toString(), TraceContext.parse(PARENT, max.toString()).tracestate(), "32 members");
        for (String bad : new String[] {"a", "=1", "A=1", "a=", "a=b=c", "a=\u00e9", "a=1\n", "a@=1",
            "a@b@c=1", "a@0sys=1", "a@abcdefghijklmno=1", ",", max + ",k32=v", "a=" + "x".repeat(257)}) {
            TraceContext c = TraceContext.parse(PARENT, bad);
            assertNotNull(c, "the traceparent stands without its tracestate: " + bad);
            assertNull(c.tracestate(), bad);
        }
    }

    @Test
    void aMessageCarriesItsContextInStringProperties() {
        FpmEnvelope none = FpmEnvelope.builder(DestinationRef.queue("q")).property("x", 1).build();
        assertNull(TraceContext.of(none));
        assertNull(TraceContext.problem(none), "no traceparent is no problem");

        FpmEnvelope traced = none.toBuilder().property(TraceContext.TRACEPARENT, PARENT)
                .property(TraceContext.TRACESTATE, "a=1").build();
        assertEquals(TraceContext.parse(PARENT, "a=1"), TraceContext.of(traced));
        assertNull(TraceContext.problem(traced));

        FpmEnvelope badState = traced.toBuilder().property(TraceContext.TRACESTATE, "A=1").build();
        assertEquals(TraceContext.parse(PARENT, null), TraceContext.of(badState));
        assertTrue(TraceContext.problem(badState).contains("property tracestate 'A=1' is not a W3C tracestate"),
                TraceContext.problem(badState));

        FpmEnvelope notString = none.toBuilder().property(TraceContext.TRACEPARENT, 17L).build();
        assertNull(TraceContext.of(notString));
        assertEquals("property traceparent is a Long, not a String", TraceContext.problem(notString));

        FpmEnvelope invalid = none.toBuilder().property(TraceContext.TRACEPARENT, "00-xyz\u0000").build();
        assertNull(TraceContext.of(invalid));
        assertTrue(TraceContext.problem(invalid).startsWith("property traceparent '00-xyz?' is not version-traceid-parentid-flags"),
                TraceContext.problem(invalid));
    }
}
