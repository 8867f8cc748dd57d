package dev.fpmjms.examples;

import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fire-and-forget on the embedded php-fpm: every job leaves exactly one line, no reply is kept. */
@Timeout(90)
class FireAndForgetIT {
    private static final Pattern LINE = Pattern.compile("job-(\\d+) job=(\\d+) digest=[0-9a-f]{16} pid=\\d+");

    @TempDir
    Path dir;

    @Test
    void everyJobIsDoneOnceAndNoReplyIsKept() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path workLog = Files.createFile(dir.resolve("work.log"));
        Files.setPosixFilePermissions(workLog, PosixFilePermissions.fromString("rw-rw-rw-"));
        FpmConnectionFactory factory = new FpmConnectionFactory(
                FireAndForget.config("FireAndForgetIT-jobs", workLog));
        try {
            int count = 40;
            FireAndForget.Result result = FireAndForget.run(factory, count, workLog);

            assertEquals(count, result.sent());
            assertEquals(count, result.linesWritten());
            List<String> lines = Files.readAllLines(workLog);
            Set<Integer> jobs = new TreeSet<>();
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), "not a line of work.php: " + line);
                assertEquals(m.group(1), m.group(2), "body and jobNumber property disagree: " + line);
                jobs.add(Integer.parseInt(m.group(1)));
            }
            assertEquals(IntStream.rangeClosed(1, count).boxed().collect(Collectors.toSet()), jobs,
                    "each job exactly once");

            try (JMSContext context = factory.createContext()) {
                assertNull(context.createConsumer(context.createQueue(FireAndForget.QUEUE)).receiveNoWait(),
                        "ReplyPolicy.DISCARD: no reply reaches the worker queue");
                assertNull(context.createConsumer(context.createQueue("DLQ")).receiveNoWait(),
                        "nothing was dead-lettered");
            }

            FireAndForget.Result second = FireAndForget.run(factory, 5, workLog);
            assertEquals(5, second.linesWritten(), "a second run counts only its own lines");
            assertEquals(count + 5, Files.readAllLines(workLog).size());
        } finally {
            factory.shutdown();
        }
    }
}
