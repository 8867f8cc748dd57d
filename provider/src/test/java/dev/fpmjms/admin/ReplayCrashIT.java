package dev.fpmjms.admin;

import dev.fpmjms.config.FsyncPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.store.JournalStore;
import dev.fpmjms.store.QueueKeys;
import dev.fpmjms.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay killed with {@code kill -9} midway loses nothing: every dead letter is afterwards in
 * the dead-letter queue, on its worker queue, or (the one in hand, and those whose removal from the
 * dead-letter queue was not written yet) in both; every one whose replay returned is on the worker
 * queue. The journal is read back directly, so what counts is what is on disk.
 */
class ReplayCrashIT {
    private static final int COUNT = 3_000;
    private static final int KILL_AFTER = 300;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(120)
    void aReplayKilledMidwayLeavesEveryDeadLetterSomewhere() throws Exception {
        Set<String> ids = new HashSet<>();
        try (JournalStore store = JournalStore.open(dataDir, FsyncPolicy.ALWAYS)) {
            List<FpmEnvelope> letters = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                String id = "ID:crash:" + i;
                ids.add(id);
                letters.add(FpmEnvelope.builder(DestinationRef.queue("DLQ")).messageId(id).persistent(true)
                        .body(BodyType.TEXT, "m" + i)
                        .property(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION, "work")
                        .property(ProviderProperties.JMS_FPM_FAILURE, "WORKER_FAILURE: test").build());
            }
            store.addAll(QueueKeys.local("DLQ"), letters);
        }

        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path stderr = dataDir.resolveSibling(dataDir.getFileName() + "-child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath, CrashingReplay.class.getName(), dataDir.toString())
                .redirectError(stderr.toFile()).start();
        Set<String> replayed = new HashSet<>();
        boolean finished = false;
        String ready = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ready ")) {
                    ready = line;
                } else if (line.equals("done")) {
                    finished = true;
                } else {
                    replayed.add(line.trim());
                    if (replayed.size() == KILL_AFTER) {
                        // SIGKILL through the handle, keeping our end of the pipe (see EngineCrashIT)
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child ended");
        }
        String childErrors = Files.readString(stderr);
        assertEquals("ready " + COUNT, ready, "the child saw every dead letter; stderr:\n" + childErrors);
        assertTrue(!finished && replayed.size() >= KILL_AFTER && replayed.size() < COUNT,
                "the kill landed midway: " + replayed.size() + " of " + COUNT + "; stderr:\n" + childErrors);

        Map<String, Set<String>> where = new HashMap<>();
        try (JournalStore store = JournalStore.open(dataDir, FsyncPolicy.ALWAYS)) {
            for (StoredMessage m : store.recover()) {
                where.computeIfAbsent(m.envelope().messageId(), k -> new HashSet<>()).add(m.queueKey());
                if (m.queueKey().equals(QueueKeys.worker("work"))) {
                    assertEquals(null, m.envelope().properties().get(ProviderProperties.JMS_FPM_FAILURE), "replayed without JMS_FPM_*");
                }
            }
        }
        int lost = 0;
        int both = 0;
        int notOnWorker = 0;
        for (String id : ids) {
            Set<String> keys = where.getOrDefault(id, Set.of());
            lost += keys.isEmpty() ? 1 : 0;
            both += keys.size() == 2 ? 1 : 0;
            if (replayed.contains(id) && !keys.contains(QueueKeys.worker("work"))) {
                notOnWorker++;
            }
        }
        System.out.printf("replay-crash: deadLetters=%d replayedBeforeKill=%d lost=%d inBoth=%d%n", COUNT, replayed.size(), lost, both);
        assertEquals(0, lost, "every dead letter is in the dead-letter queue or on its worker queue");
        assertEquals(0, notOnWorker, "every dead letter whose replay returned is on its worker queue");
    }
}
