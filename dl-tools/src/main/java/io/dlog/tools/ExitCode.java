package io.dlog.tools;

import io.dlog.protocol.StatusCode;

/**
 * The exit codes of every {@code dlog} command, documented in {@code docs/cli.md}. Stable: scripts branch on them.
 */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** Bad command line: unknown option or subcommand, missing or unparsable parameter. */
    public static final int USAGE = 1;
    /** The log (or the position asked for) does not exist. */
    public static final int NOT_FOUND = 2;
    /** ZooKeeper or BookKeeper is unreachable, or an operation timed out. Retrying later may work. */
    public static final int UNAVAILABLE = 3;
    /** A value is invalid: malformed DLSN, negative count, bad log name, bad config, record too large. */
    public static final int BAD_INPUT = 4;
    /** Refused: the log is locked by a writer, exists already, is sealed, or confirmation was not given. */
    public static final int REFUSED = 5;
    /** The operation is not implemented by this version. */
    public static final int NOT_IMPLEMENTED = 6;
    /** An unexpected internal failure (run with --verbose for the stack trace). */
    public static final int INTERNAL = 7;
    /**
     * {@code dlog audit} ran and found something to act on: orphan ledgers (other than a live writer's
     * pre-allocated one), segments whose ledger is missing, or unfinished truncations. Not a failure of the
     * command: the report is on stdout.
     */
    public static final int AUDIT_FINDINGS = 8;
    /** Interrupted (Ctrl-C) before the operation finished. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }

    /**
     * Maps a status code to the exit code a command ends with.
     *
     * @param code the status of the failure
     * @return the exit code
     */
    public static int of(StatusCode code) {
        return switch (code) {
            case SUCCESS -> OK;
            case LOG_NOT_FOUND, LOG_SEGMENT_NOT_FOUND, LOG_EMPTY, LOG_TRUNCATED, TRUNCATED_TRANSACTION -> NOT_FOUND;
            case ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR, SERVICE_UNAVAILABLE, STREAM_UNAVAILABLE, STREAM_NOT_READY,
                 FLUSH_TIMEOUT, TIMEOUT, OVER_CAPACITY, CLIENT_CLOSED -> UNAVAILABLE;
            case INVALID_ARGUMENT, INVALID_STREAM_NAME, TOO_LARGE_RECORD, TRANSACTION_OUT_OF_ORDER,
                 MALFORMED_REQUEST, MALFORMED_FRAME -> BAD_INPUT;
            case LOCKING_EXCEPTION, WRITE_FENCED, LOG_EXISTS, END_OF_STREAM, REQUEST_DENIED, FOUND -> REFUSED;
            case NOT_IMPLEMENTED -> NOT_IMPLEMENTED;
            case INTERRUPTED -> INTERRUPTED;
            default -> INTERNAL;
        };
    }
}
