package dev.fpmjms.fpm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhpFpmBinaryTest {

    @TempDir
    Path tmp;

    private Path exe(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void configuredBinaryWins() throws IOException {
        Path custom = exe(tmp.resolve("custom"), "my-fpm");
        exe(tmp.resolve("bin"), "php-fpm");
        assertEquals(custom, PhpFpmBinary.locate(custom.toString(), tmp.resolve("bin").toString(), tmp.resolve("sbin")));
    }

    @Test
    void configuredBinaryMissingFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PhpFpmBinary.locate("/nonexistent/php-fpm9", null, tmp));
        assertTrue(e.getMessage().contains("/nonexistent/php-fpm9"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install php-fpm"), e.getMessage());
    }

    @Test
    void plainNameOnPathBeforeVersioned() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        exe(a, "php-fpm8.3");
        Path plain = exe(b, "php-fpm");
        String path = a + File.pathSeparator + b;
        assertEquals(plain, PhpFpmBinary.locate(null, path, tmp.resolve("sbin")));
    }

    @Test
    void newestVersionOnPath() throws IOException {
        Path a = tmp.resolve("a");
        exe(a, "php-fpm7.4");
        Path newest = exe(a, "php-fpm8.10");
        exe(a, "php-fpm8.2");
        assertEquals(newest, PhpFpmBinary.locate(null, a.toString(), tmp.resolve("sbin")));
    }

    @Test
    void sbinSearchedLastAndNonExecutableIgnored() throws IOException {
        Path sbin = tmp.resolve("sbin");
        Path old = exe(sbin, "php-fpm8.1");
        Path notExecutable = Files.writeString(sbin.resolve("php-fpm8.3"), "x");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(old, PhpFpmBinary.locate(null, tmp.resolve("empty").toString(), sbin));
    }

    @Test
    void nothingFoundSaysHowToInstall() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PhpFpmBinary.locate(null, tmp.resolve("none").toString(), tmp.resolve("sbin")));
        assertTrue(e.getMessage().startsWith("php-fpm not found"), e.getMessage());
        assertTrue(e.getMessage().contains("install it with `apt-get install php-fpm` (Debian/Ubuntu)"), e.getMessage());
    }
}
