package dev.fpmjms.fpm;

import dev.fpmjms.config.EmbeddedFpmSettings;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link EmbeddedPhpFpmGuestIT}: starts an embedded php-fpm (2 children; the
 * variable {@code GIVEN} set by the settings, {@code FPMJMS_PASSED} passed on from this JVM's
 * environment), prints {@code master <pid>}, {@code dir <directory>}, {@code endpoint <endpoint>}
 * and {@code ready}, then waits for the parent to kill it with {@code kill -9}.
 */
public final class FpmHoldingJvm {

    static final EmbeddedFpmSettings SETTINGS = new EmbeddedFpmSettings(2, 0, Map.of(), null,
            Map.of("GIVEN", "given-value"), List.of("FPMJMS_PASSED"), null);

    private FpmHoldingJvm() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "US-ASCII");
        EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(SETTINGS).start();
        out.println("master " + fpm.pid());
        out.println("dir " + fpm.scriptDirectory().getParent());
        out.println("endpoint " + fpm.endpointString());
        out.println("ready");
        new CountDownLatch(1).await(); // until killed
    }
}
