package dev.fpmjms.config;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code tracing} key in every form: on by default, {@code false} switches spans off. */
class TracingSettingTest {

    @Test
    void onByDefaultOffByEveryForm() {
        assertTrue(FpmConfig.builder().build().tracing());
        assertTrue(FpmConfigParser.parseUri("fpm://?tracing=true").tracing());
        FpmConfig off = FpmConfigParser.parseUri("fpm://?tracing=false");
        assertFalse(off.tracing());
        assertEquals("fpm://?tracing=false", FpmConfigParser.toUri(off));
        assertEquals(off, FpmConfigParser.parseUri(FpmConfigParser.toUri(off)));
        assertEquals("fpm://", FpmConfigParser.toUri(FpmConfig.builder().build()), "the default is not written");
        assertNotEquals(FpmConfig.builder().build(), off, "an engine with spans is not shared with one without");

        Properties p = new Properties();
        p.setProperty("fpmjms.tracing", "FALSE");
        assertEquals(off, FpmConfigParser.fromProperties(p));
        FpmConfig.Builder b = FpmConfig.builder();
        FpmConfigParser.applySettings(b, "tracing=false");
        assertEquals(off, b.build());
        assertTrue(off.toBuilder().tracing(true).build().tracing());
    }

    @Test
    void aBadValueNamesTheKeyAndTheValue() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm://?tracing=sometimes")).getMessage();
        assertTrue(m.contains("tracing") && m.contains("sometimes") && m.contains("true or false"), m);
    }
}
