package io.dlog.tools;

import io.dlog.protocol.StatusCode;

/**
 * A failure the CLI reports as one line, {@code dlog: <message> (<STATUS>)}, and ends with an exit code.
 * Thrown by commands for conditions that are not a {@link io.dlog.protocol.DLException} from dl-core (refusals,
 * bad option values).
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    private final StatusCode status;
    private final int exitCode;
    private final boolean reported;

    /**
     * Makes a failure whose exit code follows from its status.
     *
     * @param status what went wrong
     * @param message the one-line message
     */
    public CliException(StatusCode status, String message) {
        this(status, ExitCode.of(status), message);
    }

    /**
     * Makes a failure with an explicit exit code.
     *
     * @param status what went wrong
     * @param exitCode the exit code
     * @param message the one-line message
     */
    public CliException(StatusCode status, int exitCode, String message) {
        this(status, exitCode, message, false);
    }

    private CliException(StatusCode status, int exitCode, String message, boolean reported) {
        super(message);
        this.status = status;
        this.exitCode = exitCode;
        this.reported = reported;
    }

    /**
     * A failure already reported on stderr (by a shutdown hook, say): the error handler only exits with its code.
     *
     * @param exitCode the exit code
     * @return the failure
     */
    static CliException reported(int exitCode) {
        return new CliException(StatusCode.INTERRUPTED, exitCode, "interrupted", true);
    }

    /** Returns whether the failure was already printed. */
    boolean reported() {
        return reported;
    }

    /** Returns the status shown in parentheses. */
    public StatusCode status() {
        return status;
    }

    /** Returns the exit code. */
    public int exitCode() {
        return exitCode;
    }
}
