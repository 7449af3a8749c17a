package io.dlog.tools;

import io.dlog.protocol.StatusCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code dlog write-proxy} and {@code dlog read-proxy} share: reading the proxy's config file, turning a bad
 * value into INVALID_ARGUMENT, and running the started proxy in the foreground (shutdown hook, one {@code ready}
 * line, wait for the stop).
 */
final class ProxyLaunch {

    private ProxyLaunch() {
    }

    /**
     * Loads the proxy's configuration: {@code explicit} if given (relative to the working directory), else
     * {@code conf/<confName>} under {@code $DLOG_HOME} when readable, else the defaults.
     */
    static <C> C loadConfig(DlogCli cli, Path explicit, String confName, Supplier<C> defaults,
            Function<Properties, C> parse) throws CliException {
        Path file = explicit != null ? cli.env().workDir().resolve(explicit) : defaultConf(confName);
        if (file == null) {
            return defaults.get();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return parse.apply(p);
        } catch (IOException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "proxy config file " + file + " is not readable: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, file + ": " + e.getMessage());
        }
    }

    /** Builds a configuration; a value out of range is INVALID_ARGUMENT. */
    static <C> C build(Supplier<C> builder) throws CliException {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /**
     * Runs a started proxy in the foreground: stops it on SIGTERM, prints the {@code ready} line, returns once it
     * has stopped.
     *
     * @param command the command's name, for the ready line and the hook thread
     */
    static int runInForeground(DlogCli cli, String command, String address, Optional<String> admin, Runnable close,
            CompletableFuture<Void> terminated) throws CliException {
        Runtime.getRuntime().addShutdownHook(new Thread(close, "dlog-" + command + "-shutdown"));
        cli.env().out().println("dlog " + command + ": ready address=" + address + " admin=" + admin.orElse("off")
                + " namespace=" + cli.namespaceUri());
        cli.env().out().flush();
        terminated.join();
        return ExitCode.OK;
    }

    private static Path defaultConf(String confName) {
        String home = System.getProperty("dlog.home");
        if (home == null) {
            return null;
        }
        Path p = Path.of(home, "conf", confName);
        return Files.isReadable(p) ? p : null;
    }
}
