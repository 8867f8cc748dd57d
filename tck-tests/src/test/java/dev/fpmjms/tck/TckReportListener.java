package dev.fpmjms.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, when a run ends, a table of tests run / passed / failed / skipped per chapter and
 * provider, then the reasons tests were skipped, so that a gap between providers shows at a glance.
 * The same text is written to {@code target/tck-report.txt}.
 *
 * <p>A chapter is the display name of a test class; the provider is the display name of the
 * parameterized-class invocation the test ran in. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}; called by the
 * launcher on its own threads, hence the concurrent maps.
 */
public final class TckReportListener implements TestExecutionListener {

    private static final String INVOCATION_SEGMENT = "class-template-invocation";

    private final Map<String, Map<String, Counts>> table = new ConcurrentHashMap<>();
    private final Map<String, Integer> skipReasons = new ConcurrentHashMap<>();
    private volatile TestPlan plan;

    /** Counts of one chapter on one provider. */
    private static final class Counts {
        int passed;
        int failed;
        int skipped;

        int run() {
            return passed + failed + skipped;
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            count(id, null, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            String reason = result.getStatus() == TestExecutionResult.Status.ABORTED
                    ? result.getThrowable().map(Throwable::getMessage).map(m -> m.replaceFirst("^Assumption failed: ", ""))
                            .orElse("aborted") : null;
            count(id, result.getStatus(), reason);
        }
    }

    private void count(TestIdentifier test, TestExecutionResult.Status status, String skipReason) {
        String provider = "-";
        String chapter = "(other)";
        Optional<TestIdentifier> node = plan.getParent(test);
        while (node.isPresent()) {
            TestIdentifier n = node.get();
            UniqueId.Segment last = n.getUniqueIdObject().getLastSegment();
            if (last.getType().equals(INVOCATION_SEGMENT)) {
                provider = n.getDisplayName();
            } else if (n.getSource().isPresent() && n.getSource().get() instanceof
                    org.junit.platform.engine.support.descriptor.ClassSource) {
                chapter = n.getDisplayName();
                break;
            }
            node = plan.getParent(n);
        }
        Counts c = table.computeIfAbsent(chapter, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(provider, k -> new Counts());
        synchronized (c) {
            if (status == TestExecutionResult.Status.SUCCESSFUL) {
                c.passed++;
            } else if (status == TestExecutionResult.Status.FAILED) {
                c.failed++;
            } else {
                c.skipped++;
            }
        }
        if (skipReason != null) {
            skipReasons.merge("[" + provider + "] " + skipReason, 1, Integer::sum);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (table.isEmpty()) {
            return;
        }
        String report = render();
        System.out.println(report);
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("tck-report.txt"), report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write target/tck-report.txt", e);
        }
    }

    private String render() {
        TreeSet<String> providers = new TreeSet<>();
        table.values().forEach(m -> providers.addAll(m.keySet()));
        int width = Math.max(28, table.keySet().stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder out = new StringBuilder("\n=== JMS conformance report (run/passed/failed/skipped) ===\n");
        out.append(String.format("%-" + width + "s", "chapter"));
        providers.forEach(p -> out.append(String.format("| %-22s", p)));
        out.append('\n');
        Map<String, Counts> totals = new TreeMap<>();
        for (Map.Entry<String, Map<String, Counts>> row : new TreeMap<>(table).entrySet()) {
            out.append(String.format("%-" + width + "s", row.getKey()));
            for (String p : providers) {
                Counts c = row.getValue().getOrDefault(p, new Counts());
                Counts t = totals.computeIfAbsent(p, k -> new Counts());
                t.passed += c.passed;
                t.failed += c.failed;
                t.skipped += c.skipped;
                out.append(cell(c));
            }
            out.append('\n');
        }
        out.append(String.format("%-" + width + "s", "TOTAL"));
        providers.forEach(p -> out.append(cell(totals.get(p))));
        out.append('\n');
        if (!skipReasons.isEmpty()) {
            out.append("\nskipped tests by reason:\n");
            new TreeMap<>(skipReasons).forEach((r, n) -> out.append(String.format("  %3d x %s%n", n, r)));
        }
        return out.toString();
    }

    private static String cell(Counts c) {
        return String.format("| %-22s", c.run() + "/" + c.passed + "/" + c.failed + "/" + c.skipped);
    }
}
