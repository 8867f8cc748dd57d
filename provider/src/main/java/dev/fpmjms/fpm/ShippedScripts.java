package dev.fpmjms.fpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies the PHP scripts shipped on the class path into the embedded php-fpm's script directory. */
final class ShippedScripts {

    private ShippedScripts() {
    }

    /**
     * Copies every file named in {@code resourceDir + "MANIFEST"} (one name a line, blank lines and
     * {@code #} comments ignored) from the class path into {@code target}; no MANIFEST, no copy.
     *
     * @throws IllegalStateException when a listed file is missing or a name is not a plain file name
     */
    static void copy(ClassLoader cl, String resourceDir, Path target) throws IOException {
        try (InputStream manifest = cl.getResourceAsStream(resourceDir + "MANIFEST")) {
            if (manifest == null) {
                return;
            }
            for (String line : new String(manifest.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new IllegalStateException("PHP script name in " + resourceDir
                            + "MANIFEST must be a plain file name, was: " + name);
                }
                try (InputStream in = cl.getResourceAsStream(resourceDir + name)) {
                    if (in == null) {
                        throw new IllegalStateException("PHP script " + resourceDir + name
                                + " is listed in MANIFEST but missing from the class path");
                    }
                    Files.copy(in, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
