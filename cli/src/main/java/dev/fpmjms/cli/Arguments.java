package dev.fpmjms.cli;

import dev.fpmjms.admin.DeadLetterSelection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line of {@code fpm-jms dlq <command> ...}: the command, its operands and the
 * target. Immutable; {@link #parse} fails with {@link ExitCode#USAGE} naming the wrong argument.
 *
 * @param command   list, show, replay or purge
 * @param target    where the dead letters are
 * @param queue     {@code --queue}: the worker queue, or {@code null}
 * @param limit     {@code --limit} of a list
 * @param selection what a replay or purge takes, or {@code null} for list and show
 * @param messageId the id a show names, or {@code null}
 */
record Arguments(String command, Target target, String queue, int limit, DeadLetterSelection selection, String messageId) {
    static final int DEFAULT_LIMIT = 50;
    private static final List<String> COMMANDS = List.of("list", "show", "replay", "purge");

    /**
     * Where the dead letters are: one of a JMX address, a process id, a journal directory or a
     * broker ({@code tcp://host:61616}, several separated by commas).
     */
    record Target(String jmx, Long pid, Path journal, String broker, String deadLetterQueue, String engine, String jmxUser,
                  String brokerUser) {
    }

    static Arguments parse(List<String> args) throws CliException {
        if (args.isEmpty() || !args.get(0).equals("dlq")) {
            throw usage(args.isEmpty() ? "no command given" : "unknown command '" + args.get(0) + "' (the tool has: dlq)");
        }
        if (args.size() < 2) {
            throw usage("dlq needs a command: " + String.join(", ", COMMANDS));
        }
        String command = args.get(1);
        if (!COMMANDS.contains(command)) {
            throw usage("unknown dlq command '" + command + "' (one of " + String.join(", ", COMMANDS) + ")");
        }
        String jmx = null;
        Long pid = null;
        Path journal = null;
        String broker = null;
        String brokerUser = null;
        String dlq = null;
        String engine = null;
        String jmxUser = null;
        String queue = null;
        String selector = null;
        Integer limit = null;
        boolean all = false;
        List<String> ids = new ArrayList<>();
        for (int i = 2; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--jmx" -> jmx = value(args, ++i, a);
                case "--pid" -> pid = number(value(args, ++i, a), a);
                case "--journal" -> journal = Path.of(value(args, ++i, a));
                case "--broker" -> broker = value(args, ++i, a);
                case "--broker-user" -> brokerUser = value(args, ++i, a);
                case "--dlq" -> dlq = value(args, ++i, a);
                case "--engine" -> engine = value(args, ++i, a);
                case "--jmx-user" -> jmxUser = value(args, ++i, a);
                case "--queue" -> queue = value(args, ++i, a);
                case "--selector" -> selector = value(args, ++i, a);
                case "--limit" -> limit = limit(value(args, ++i, a));
                case "--all" -> all = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw usage("unknown option '" + a + "' for dlq " + command);
                    }
                    ids.add(a);
                }
            }
        }
        Target target = target(jmx, pid, journal, broker, dlq, engine, jmxUser, brokerUser);
        return switch (command) {
            case "list" -> {
                refuse(command, all, "--all");
                refuse(command, selector != null, "--selector");
                refuse(command, !ids.isEmpty(), "a message id (" + (ids.isEmpty() ? "" : ids.get(0)) + ")");
                yield new Arguments(command, target, queue, limit == null ? DEFAULT_LIMIT : limit, null, null);
            }
            case "show" -> {
                refuse(command, all, "--all");
                refuse(command, selector != null, "--selector");
                refuse(command, queue != null, "--queue");
                refuse(command, limit != null, "--limit");
                if (ids.size() != 1) {
                    throw usage("dlq show needs exactly one message id, got " + ids.size() + (ids.isEmpty() ? "" : ": " + ids));
                }
                yield new Arguments(command, target, null, 0, null, ids.get(0));
            }
            default -> {
                refuse(command, limit != null, "--limit");
                yield new Arguments(command, target, null, 0, selection(command, all, queue, selector, ids), null);
            }
        };
    }

    /** Exactly one of --all, --queue, --selector, ids. */
    private static DeadLetterSelection selection(String command, boolean all, String queue, String selector, List<String> ids)
            throws CliException {
        int given = (all ? 1 : 0) + (queue != null ? 1 : 0) + (selector != null ? 1 : 0) + (ids.isEmpty() ? 0 : 1);
        if (given != 1) {
            throw usage("dlq " + command + " needs exactly one of --all, --queue QUEUE, --selector SELECTOR or message ids"
                    + (given == 0 ? "" : " (got " + given + ")"));
        }
        try {
            return all ? DeadLetterSelection.all() : queue != null ? DeadLetterSelection.queue(queue)
                    : selector != null ? DeadLetterSelection.selector(selector) : DeadLetterSelection.ids(ids);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.FAILED, e.getMessage(), e);
        }
    }

    private static Target target(String jmx, Long pid, Path journal, String broker, String dlq, String engine, String jmxUser,
                                 String brokerUser) throws CliException {
        int given = (jmx != null ? 1 : 0) + (pid != null ? 1 : 0) + (journal != null ? 1 : 0) + (broker != null ? 1 : 0);
        if (given != 1) {
            throw usage("name exactly one target: --jmx HOST:PORT (or a service:jmx: URL), --pid PID, --journal DIR"
                    + " or --broker URL" + (given == 0 ? "" : " (got " + given + ")"));
        }
        if (journal == null && broker == null && dlq != null) {
            throw usage("--dlq is for --journal and --broker (a running engine knows its dead-letter queue)");
        }
        if ((journal != null || broker != null) && engine != null) {
            throw usage("--engine is for --jmx and --pid (" + (journal != null ? "a journal belongs to one engine"
                    : "a broker's dead-letter queue is named with --dlq") + ")");
        }
        if (jmx == null && jmxUser != null) {
            throw usage("--jmx-user is for --jmx (a local JVM reached by --pid needs no password)");
        }
        if (broker == null && brokerUser != null) {
            throw usage("--broker-user is for --broker");
        }
        return new Target(jmx, pid, journal, broker, dlq == null ? "DLQ" : dlq, engine, jmxUser, brokerUser);
    }

    private static void refuse(String command, boolean given, String what) throws CliException {
        if (given) {
            throw usage("dlq " + command + " takes no " + what);
        }
    }

    private static String value(List<String> args, int i, String option) throws CliException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw usage(option + " needs a value");
        }
        return args.get(i);
    }

    private static long number(String text, String option) throws CliException {
        try {
            long n = Long.parseLong(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw usage(option + " must be a process id (a whole number above 0), was '" + text + "'");
    }

    private static int limit(String text) throws CliException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw usage("--limit must be a whole number from 1 to " + Integer.MAX_VALUE + ", was '" + text + "'");
    }

    private static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }
}
