package dev.fpmjms.cli;

import dev.fpmjms.admin.DeadLetter;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The tool's output: a table of dead letters, one dead letter in full. Stateless. */
final class DeadLetterText {
    /** The most characters of a failure in a listing (a show prints all of it). */
    static final int FAILURE_COLUMN = 100;

    private DeadLetterText() {
    }

    /** One line per dead letter under a header: id, worker queue, status, attempts, failure. */
    static void table(List<DeadLetter> letters, PrintStream out) {
        String[][] rows = new String[letters.size() + 1][];
        rows[0] = new String[]{"ID", "QUEUE", "STATUS", "ATTEMPTS", "FAILURE"};
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter d = letters.get(i);
            String failure = d.failureLine();
            rows[i + 1] = new String[]{orDash(d.messageId()), queue(d), d.status() < 0 ? "-" : Integer.toString(d.status()),
                d.attempts() < 0 ? "-" : Integer.toString(d.attempts()),
                failure.length() <= FAILURE_COLUMN ? failure : failure.substring(0, FAILURE_COLUMN) + "..."};
        }
        int[] width = new int[4];
        for (String[] row : rows) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                line.append(row[c]).append(" ".repeat(width[c] - row[c].length() + 2));
            }
            out.println(line.append(row[4]).toString().stripTrailing());
        }
    }

    /** Every field of one dead letter; stderr last, indented, as the worker wrote it. */
    static void full(DeadLetter d, PrintStream out) {
        out.println("message id:   " + orDash(d.messageId()));
        out.println("queue:        " + queue(d) + (d.workerQueue() == null
                ? "  (came from no worker queue: cannot be replayed)" : ""));
        out.println("failure:      " + orDash(d.failure()));
        out.println("status:       " + (d.status() < 0 ? "-" : d.status()));
        out.println("attempts:     " + (d.attempts() < 0 ? "-" : d.attempts()));
        out.println("sent:         " + (d.timestamp() == 0 ? "-" : Instant.ofEpochMilli(d.timestamp())));
        out.println("delivery:     " + (d.persistent() ? "PERSISTENT" : "NON_PERSISTENT") + ", priority " + d.priority());
        out.println("correlation:  " + orDash(d.correlationId()));
        out.println("type:         " + orDash(d.type()));
        out.println("properties:   " + (d.properties().isEmpty() ? "-" : d.properties().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        out.println("body (" + d.bodyType() + "):" + (d.body().isEmpty() ? " -" : ""));
        indent(d.body(), out);
        out.println("stderr:" + (d.stderr().isEmpty() ? " -" : ""));
        indent(d.stderr(), out);
    }

    private static void indent(String text, PrintStream out) {
        if (!text.isEmpty()) {
            text.lines().forEach(l -> out.println("  " + l));
        }
    }

    private static String queue(DeadLetter d) {
        return d.workerQueue() != null ? d.workerQueue() : orDash(d.originalDestination());
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
