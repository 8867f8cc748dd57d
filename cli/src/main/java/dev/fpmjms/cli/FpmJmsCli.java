package dev.fpmjms.cli;

import dev.fpmjms.admin.DeadLetter;
import dev.fpmjms.admin.DeadLetterAdmin;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code fpm-jms}: the command-line tool of fpm-jms. {@code fpm-jms dlq list|show|replay|purge}
 * works on the dead letters of a running application (over JMX: {@code --jmx HOST:PORT}, a
 * {@code service:jmx:} URL, or {@code --pid PID} of a local JVM) or of a stopped one's journal
 * ({@code --journal DIR}), or in broker mode on the broker itself ({@code --broker URL}). See {@link #USAGE}, {@code docs/operations.md#dead-letters}; exit codes
 * are {@link ExitCode}'s.
 */
public final class FpmJmsCli {
    static final String USAGE = """
            usage: fpm-jms dlq COMMAND TARGET [OPTIONS]

            commands:
              list   [--queue QUEUE] [--limit N]       the dead letters (of one worker queue), first N (default 50)
              show   ID                                one dead letter: failure, status, attempts, body, stderr
              replay --all | --queue QUEUE | --selector SELECTOR | ID...
                                                       send dead letters back to their worker queues
              purge  --all | --queue QUEUE | --selector SELECTOR | ID...
                                                       delete dead letters for good

            target (exactly one):
              --jmx HOST:PORT          a running application's JMX port (-Dcom.sun.management.jmxremote.port)
              --jmx service:jmx:...    a running application's JMX connector URL
              --pid PID                a running JVM on this machine, same user (attach API)
              --journal DIR            a stopped application's dataDirectory
              --broker URL[,URL]       broker mode: the Artemis broker itself (tcp://host:61616), no application needed
                --dlq NAME             the dead-letter queue of --journal or --broker (default DLQ)
                --broker-user USER     a broker user; the password is read from FPM_JMS_BROKER_PASSWORD
              --engine NAME            the engine, when the application runs several (JMX)
              --jmx-user USER          a JMX user; the password is read from FPM_JMS_JMX_PASSWORD

            SELECTOR is a JMS message selector over headers and properties, e.g.
              "JMS_FPM_STATUS = 500 AND JMS_FPM_ORIGINAL_DESTINATION = 'mail'"

            exit codes: 0 done; 1 request failed (unknown id, invalid selector, not replayable);
                        2 usage; 3 target unreachable (no connector, process, engine, journal, broker or
                        dead-letter queue on it; journal in use)
            """;

    private FpmJmsCli() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs one command line; returns its exit code. Output goes to {@code out}, errors to {@code err}.
     *
     * @param environment the environment variables (the JMX password, {@link Targets#PASSWORD_VARIABLE})
     */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty() || list.contains("--help") || list.contains("-h") || list.equals(List.of("help"))) {
            (list.isEmpty() ? err : out).print(USAGE);
            return list.isEmpty() ? ExitCode.USAGE.code : ExitCode.OK.code;
        }
        try {
            Arguments a = Arguments.parse(list);
            try (Targets.Opened opened = Targets.open(a.target(), environment)) {
                execute(a, opened.admin(), out);
            }
            return ExitCode.OK.code;
        } catch (CliException e) {
            err.println("fpm-jms: " + e.getMessage());
            if (e.exitCode() == ExitCode.USAGE) {
                err.println("run fpm-jms --help for the commands and options");
            }
            return e.exitCode().code;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("fpm-jms: " + e.getMessage());
            return ExitCode.FAILED.code;
        } catch (UncheckedIOException e) {
            err.println("fpm-jms: " + e.getMessage());
            return ExitCode.UNREACHABLE.code;
        } catch (Exception e) {
            err.println("fpm-jms: " + e);
            return ExitCode.FAILED.code;
        }
    }

    private static void execute(Arguments a, DeadLetterAdmin admin, PrintStream out) {
        String dlq = admin.deadLetterQueue();
        switch (a.command()) {
            case "list" -> {
                List<DeadLetter> letters = admin.list(a.queue(), a.limit());
                long total = admin.count();
                if (!letters.isEmpty()) {
                    DeadLetterText.table(letters, out);
                }
                out.println(letters.size() + " shown" + (a.queue() == null ? "" : " of worker queue '" + a.queue() + "'")
                        + "; '" + dlq + "' holds " + total);
            }
            case "show" -> DeadLetterText.full(admin.show(a.messageId()), out);
            case "replay" -> {
                int n = admin.replay(a.selection());
                out.println("replayed " + n + " (" + a.selection() + ") from '" + dlq + "' to their worker queues; '"
                        + dlq + "' holds " + admin.count());
            }
            default -> {
                int n = admin.purge(a.selection());
                out.println("purged " + n + " (" + a.selection() + ") from '" + dlq + "'; '" + dlq + "' holds " + admin.count());
            }
        }
    }
}
