package io.dlog.tools;

import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr, {@code dlog: <message> (<STATUS>)}, and an exit code
 * ({@link ExitCode}). Stack traces only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        print(cl.getErr(), ex.getMessage() + "; see '" + name + " --help'", "USAGE");
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        Throwable t = Futures.unwrap(ex);
        int code;
        if (t instanceof CliException c && c.reported()) {
            return c.exitCode();
        } else if (t instanceof CliException c) {
            print(err, c.getMessage(), c.status().name());
            code = c.exitCode();
        } else if (t instanceof DLException d) {
            print(err, d.getMessage(), d.code().name());
            code = ExitCode.of(d.code());
        } else if (t instanceof IllegalArgumentException) {
            print(err, t.getMessage(), StatusCode.INVALID_ARGUMENT.name());
            code = ExitCode.BAD_INPUT;
        } else if (t instanceof InterruptedException) {
            print(err, "interrupted", StatusCode.INTERRUPTED.name());
            code = ExitCode.INTERRUPTED;
        } else {
            print(err, "unexpected error: " + t + (verbose(cl) ? "" : "; run with --verbose for details"),
                    StatusCode.UNEXPECTED.name());
            code = ExitCode.INTERNAL;
        }
        if (verbose(cl)) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean verbose(CommandLine cl) {
        return DlogCli.of(cl.getCommandSpec()).verbose();
    }

    static void print(PrintWriter err, String message, String status) {
        String oneLine = String.valueOf(message).replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
        err.println("dlog: " + oneLine + " (" + status + ")");
        err.flush();
    }
}
