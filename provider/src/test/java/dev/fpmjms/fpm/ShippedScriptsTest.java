package dev.fpmjms.fpm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShippedScriptsTest {

    private static final ClassLoader CL = ShippedScriptsTest.class.getClassLoader();

    @TempDir
    Path target;

    @Test
    void copiesEveryListedFile() throws IOException {
        ShippedScripts.copy(CL, "dev/fpmjms/fpm/scripts-ok/", target);
        assertEquals("<?php echo \"alpha\";\n", Files.readString(target.resolve("alpha.php")));
        assertEquals("<?php echo \"beta\";\n", Files.readString(target.resolve("beta.php")));
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void noManifestCopiesNothing() throws IOException {
        ShippedScripts.copy(CL, "dev/fpmjms/fpm/no-such-dir/", target);
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void listedButMissingFileFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ShippedScripts.copy(CL, "dev/fpmjms/fpm/scripts-missing/", target));
        assertTrue(e.getMessage().contains("not-there.php"), e.getMessage());
    }
}
