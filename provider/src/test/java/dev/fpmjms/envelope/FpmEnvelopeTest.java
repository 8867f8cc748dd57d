package dev.fpmjms.envelope;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FpmEnvelopeTest {
    private static final DestinationRef Q = DestinationRef.queue("q");

    private static FpmEnvelope withProperties() {
        return FpmEnvelope.builder(Q).property("a", 1).property("b", "two").build();
    }

    @Test
    void rebuildsShareTheUnmodifiedPropertiesInsteadOfCopyingThem() {
        FpmEnvelope e = withProperties();
        assertSame(e.properties(), e.nextDelivery().properties());
        assertSame(e.properties(), e.toBuilder().priority(9).build().properties());
    }

    @Test
    void aBuilderUsedAgainAfterBuildLeavesTheFirstEnvelopeAlone() {
        FpmEnvelope.Builder b = FpmEnvelope.builder(Q).property("a", 1L);
        FpmEnvelope first = b.build();
        FpmEnvelope second = b.property("b", 2L).property("a", null).build();
        assertEquals(Map.of("a", 1L), first.properties());
        assertEquals(Map.of("b", 2L), second.properties());
        assertThrows(UnsupportedOperationException.class, () -> first.properties().put("c", 3L));
    }

    @Test
    void aChangedPropertyCopiesAndLeavesTheOriginalAlone() {
        FpmEnvelope e = withProperties();
        FpmEnvelope changed = e.toBuilder().property("c", true).property("a", null).build();
        assertEquals(List.of("a", "b"), List.copyOf(e.properties().keySet()));
        assertEquals(List.of("b", "c"), List.copyOf(changed.properties().keySet()));
        assertNotSame(e.properties(), changed.properties());
    }

    @Test
    void propertiesAreAnUnmodifiableCopyInInsertionOrderThatEqualsAPlainMap() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("z", 1L);
        source.put("a", "x");
        FpmEnvelope e = FpmEnvelope.builder(Q).properties(source).build();
        source.put("late", 2);
        assertEquals(Map.of("z", 1L, "a", "x"), e.properties());
        assertEquals(Map.of("z", 1L, "a", "x").hashCode(), e.properties().hashCode());
        assertEquals("{z=1, a=x}", e.properties().toString());
        assertThrows(UnsupportedOperationException.class, () -> e.properties().put("b", 1));
        assertThrows(UnsupportedOperationException.class, () -> e.properties().keySet().remove("z"));
        assertThrows(UnsupportedOperationException.class, () -> e.properties().entrySet().clear());
        assertEquals(e, FpmEnvelope.builder(Q).property("z", 1L).property("a", "x").build());
    }

    @Test
    void theSizeEstimateCountsEachPropertyAndFollowsAChangedOne() {
        FpmEnvelope none = FpmEnvelope.builder(Q).body(BodyType.BYTES, new byte[10]).build();
        FpmEnvelope two = none.toBuilder().property("a", 1L).property("bb", "xyz").build();
        FpmEnvelope changed = two.toBuilder().property("bb", "xyzxyz").build();

        assertEquals(128 + 10, none.sizeEstimate());
        // 16 per property, 2 per character of its name and of a String value, 8 for a number
        assertEquals(128 + 10 + (16 + 2 + 8) + (16 + 4 + 6), two.sizeEstimate());
        assertEquals(two.sizeEstimate() + 6, changed.sizeEstimate());
        assertEquals(two.sizeEstimate(), two.nextDelivery().sizeEstimate());
    }
}
