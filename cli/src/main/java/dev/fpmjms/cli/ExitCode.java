package dev.fpmjms.cli;

/** The exit codes of {@code fpm-jms} (documented in {@code docs/operations.md#dead-letters} and {@code --help}). */
enum ExitCode {
    /** Done. */
    OK(0),
    /** The request failed: an unknown id, an invalid selector, a dead letter that cannot be replayed, a replay stopped part-way. */
    FAILED(1),
    /** The command line is wrong: an unknown command or option, a missing or malformed value. */
    USAGE(2),
    /**
     * The target cannot be reached: no JMX connector at that address, no such process, no fpm-jms
     * engine in it, no such directory or no journal in it, a journal in use by a running engine.
     */
    UNREACHABLE(3);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
