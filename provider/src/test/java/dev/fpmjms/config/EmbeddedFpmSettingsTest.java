package dev.fpmjms.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded php-fpm's environment and worker user settings in every configuration form. */
class EmbeddedFpmSettingsTest {

    private static final EmbeddedFpmSettings GUEST = new EmbeddedFpmSettings(4, 0, Map.of(), null,
            Map.of("APP_ENV", "test", "DSN", "a=b&c d"), List.of("TZ", "LANG"), "www-data");

    @Test
    void environmentAndUserAreReadFromAUriAndWrittenBack() {
        String uri = "fpm://?embeddedFpm.env.APP_ENV=test&embeddedFpm.env.DSN=a%3Db%26c%20d"
                + "&embeddedFpm.passEnv=TZ,LANG&embeddedFpm.user=www-data";
        FpmConfig c = FpmConfigParser.parseUri(uri);
        assertEquals(GUEST, c.embeddedFpm());
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)));
    }

    @Test
    void environmentAndUserAreReadFromProperties() {
        Properties p = new Properties();
        p.setProperty("fpmjms.embeddedFpm.env.APP_ENV", "test");
        p.setProperty("fpmjms.embeddedFpm.env.DSN", "a=b&c d");
        p.setProperty("fpmjms.embeddedFpm.passEnv", "TZ, LANG");
        p.setProperty("fpmjms.embeddedFpm.user", "www-data");
        assertEquals(GUEST, FpmConfigParser.fromProperties(p).embeddedFpm());
    }

    @Test
    void theDefaultsPassNothingAndRunRootsWorkersAsNobody() {
        EmbeddedFpmSettings d = EmbeddedFpmSettings.DEFAULT;
        assertEquals(Map.of(), d.env());
        assertEquals(List.of(), d.passEnv());
        assertNull(d.user());
        assertEquals("nobody", d.rootWorkerUser());
        assertEquals("www-data", GUEST.rootWorkerUser());
    }

    @Test
    void badNamesAreRefusedWithTheSettingNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm:?embeddedFpm.env.1BAD=x"));
        assertTrue(e.getMessage().contains("embeddedFpm.env.1BAD"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.parseUri("fpm:?embeddedFpm.passEnv=OK,NOT-OK"));
        assertTrue(e.getMessage().contains("embeddedFpm.passEnv") && e.getMessage().contains("NOT-OK"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.parseUri("fpm:?embeddedFpm.passEnv=A,,B"));
        assertTrue(e.getMessage().contains("embeddedFpm.passEnv"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.parseUri("fpm:?embeddedFpm.user=bad%20user"));
        assertTrue(e.getMessage().contains("embeddedFpm.user") && e.getMessage().contains("bad user"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm:?embeddedFpm.env.TZ=UTC&embeddedFpm.passEnv=TZ"));
        assertTrue(e.getMessage().contains("embeddedFpm.passEnv") && e.getMessage().contains("TZ"), e.getMessage());
    }

    @Test
    void valuesStayOutOfTextShownInLogs() {
        EmbeddedFpmSettings s = GUEST.withEnv(Map.of("API_KEY", "s3cret"));
        assertTrue(s.toString().contains("API_KEY"), s.toString());
        assertFalse(s.toString().contains("s3cret"), s.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GUEST.withEnv(Map.of("API_KEY", "s3cret\0")));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void catchingWorkerOutputIsOnByDefaultAndSwitchedOffInEveryForm() {
        assertTrue(EmbeddedFpmSettings.DEFAULT.catchWorkersOutput());
        assertTrue(GUEST.catchWorkersOutput());
        FpmConfig c = FpmConfigParser.parseUri("fpm:?embeddedFpm.catchWorkersOutput=false");
        assertFalse(c.embeddedFpm().catchWorkersOutput());
        assertEquals(c, FpmConfigParser.parseUri(FpmConfigParser.toUri(c)));
        Properties p = new Properties();
        p.setProperty("fpmjms.embeddedFpm.catchWorkersOutput", "FALSE");
        assertFalse(FpmConfigParser.fromProperties(p).embeddedFpm().catchWorkersOutput());
        assertTrue(FpmConfigParser.parseUri("fpm:?embeddedFpm.catchWorkersOutput=true").embeddedFpm().catchWorkersOutput());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FpmConfigParser.parseUri("fpm:?embeddedFpm.catchWorkersOutput=no"));
        assertTrue(e.getMessage().contains("embeddedFpm.catchWorkersOutput") && e.getMessage().contains("no"), e.getMessage());
    }
}
