package dev.fpmjms.fpm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the JVM runs with effective user id 0, read once from {@code /proc/self/status}. */
final class RunningUser {

    private static final boolean ROOT = detectRoot();

    private RunningUser() {
    }

    static boolean isRoot() {
        return ROOT;
    }

    private static boolean detectRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // Uid: real effective saved filesystem
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall back to the user name.
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
