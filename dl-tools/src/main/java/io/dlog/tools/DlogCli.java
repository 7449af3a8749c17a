package io.dlog.tools;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.StatusCode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code dlog} command line: the root command, its global options, and {@link #main(String[])}.
 *
 * <p>Global options ({@code --uri}, {@code --conf}, {@code --connect-timeout}, {@code --verbose}) may be given
 * before or after the subcommand. Subcommands find them with {@link #of(CommandSpec)}. Not thread-safe: one
 * instance serves one command line.
 */
@Command(name = "dlog", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A replicated log service on BookKeeper and ZooKeeper.",
        subcommands = {StandaloneCommand.class, LogCommand.class, WriteCommand.class, TailCommand.class,
            TruncateCommand.class, SealCommand.class, AuditCommand.class, RetentionCommand.class,
            NamespaceCommand.class, CompletionCommand.class, WriteProxyCommand.class, ReadProxyCommand.class,
            ProxyCommand.class, SubscriptionCommand.class,
            VersionCommand.class},
        footer = {"", "Exit codes:",
            "  0    success",
            "  1    usage error (unknown command or option, missing or malformed parameter)",
            "  2    not found (log, namespace or position; also LOG_TRUNCATED)",
            "  3    unavailable or timed out (ZooKeeper or BookKeeper); retry later",
            "  4    bad input (invalid value, log name, config or record)",
            "  5    refused (locked, exists, sealed, or not confirmed)",
            "  6    not implemented",
            "  7    internal error (run with --verbose)",
            "  8    dlog audit found problems",
            "  130  interrupted (Ctrl-C)",
            "See docs/cli.md."})
public final class DlogCli implements Callable<Integer> {
    /** The file {@code dlog standalone} writes its namespace URI to, under its data directory. */
    public static final String STANDALONE_URI_FILE = "standalone.uri";
    /** The environment variable that names the default namespace URI. */
    public static final String URI_ENV = "DLOG_URI";
    /** The environment variable that names the default config file. */
    public static final String CONF_ENV = "DLOG_CONF";
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--uri", scope = ScopeType.INHERIT, paramLabel = "dlog://HOST:PORT/NS",
            description = "Namespace URI. Default: $DLOG_URI, else the URI a standalone in ./data wrote.")
    URI uri;

    @Option(names = "--conf", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Config file (keys of conf/dlog.conf). Default: $DLOG_CONF, else conf/dlog.conf.")
    Path conf;

    @Option(names = "--connect-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a command waits for ZooKeeper (overrides zookeeper.connect.timeout.ms "
                    + "for commands; default 5s).")
    Duration connectTimeout;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log at INFO and print stack traces of failures.")
    boolean verbose;

    private CliEnvironment env = CliEnvironment.system();

    /**
     * Runs the CLI and exits the JVM with the command's exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose")) {
            // Read by conf/log4j2-cli.xml; must be set before the first logger is created.
            System.setProperty("dlog.cli.level", "INFO");
            System.setProperty("dlog.cli.deps.level", "INFO");
        }
        System.exit(run(CliEnvironment.system(), args));
    }

    /**
     * Runs one command line.
     *
     * @param env the streams, environment and working directory to use
     * @param args the command line
     * @return the exit code
     */
    public static int run(CliEnvironment env, String... args) {
        return commandLine(env).execute(args);
    }

    /**
     * Builds the picocli command line, with dlog's error handling wired in.
     *
     * @param env the streams, environment and working directory to use
     * @return the command line, ready to execute
     */
    public static CommandLine commandLine(CliEnvironment env) {
        DlogCli root = new DlogCli();
        root.env = env;
        CommandLine cl = new CommandLine(root);
        ErrorHandler handler = new ErrorHandler();
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * Returns the root command of a (sub)command, which holds the global options.
     *
     * @param spec any command's spec
     * @return the root
     */
    public static DlogCli of(CommandSpec spec) {
        return (DlogCli) spec.root().userObject();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(env.out());
        return ExitCode.USAGE;
    }

    /** Returns the streams and environment. */
    public CliEnvironment env() {
        return env;
    }

    /** Returns whether --verbose was given. */
    public boolean verbose() {
        return verbose;
    }

    /**
     * Resolves the namespace URI: {@code --uri}, else {@code $DLOG_URI}, else {@code ./data/standalone.uri}.
     *
     * @return the URI
     * @throws CliException USAGE when none is given
     */
    public URI namespaceUri() throws CliException {
        if (uri != null) {
            return checkUri(uri, "--uri");
        }
        String fromEnv = env.env().get(URI_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parseUri(fromEnv.trim(), "$" + URI_ENV);
        }
        Path file = env.workDir().resolve("data").resolve(STANDALONE_URI_FILE);
        if (Files.isRegularFile(file)) {
            try {
                return parseUri(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString());
            } catch (IOException e) {
                throw new CliException(StatusCode.INVALID_ARGUMENT, "cannot read " + file + ": " + e.getMessage());
            }
        }
        throw new CliException(StatusCode.INVALID_ARGUMENT, ExitCode.USAGE, "no namespace: pass --uri "
                + "dlog://host:port/namespace, set " + URI_ENV + ", or run 'dlog standalone' in this directory");
    }

    /**
     * Loads the configuration: the config file if any, with the CLI's short ZooKeeper connect timeout.
     *
     * @param forCommand true for short-lived commands (apply --connect-timeout, default 5 s); false for servers
     * @return the configuration
     * @throws CliException BAD_INPUT for an unreadable file, an unknown key or an invalid value
     */
    public DLConfig config(boolean forCommand) throws CliException {
        Path file = configFile();
        DLConfig.Builder b;
        try {
            b = file == null ? DLConfig.builder() : DLConfig.fromProperties(readProperties(file)).toBuilder();
            if (forCommand) {
                Duration t = connectTimeout != null ? connectTimeout : DEFAULT_CONNECT_TIMEOUT;
                b.set(DLConfigKeys.ZK_CONNECT_TIMEOUT_MS, t.toMillis());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, (file == null ? "" : file + ": ") + e.getMessage());
        }
    }

    /**
     * Fails unless a log exists, so that commands report a missing log the same way.
     *
     * @param ns the namespace
     * @param name the log
     * @throws LogNotFoundException naming the log and the namespace
     */
    static void requireLog(Namespace ns, String name) throws DLException {
        if (!ns.logExists(name)) {
            throw new LogNotFoundException("log " + logPath(ns, name) + " does not exist");
        }
    }

    /**
     * Names a log in messages the way dl-core does: {@code <namespace path>/<log>}, e.g. {@code /default/orders}.
     *
     * @param ns the namespace
     * @param name the log
     * @return the path
     */
    static String logPath(Namespace ns, String name) {
        return ns.uri().getPath() + "/" + name;
    }

    /**
     * Opens the namespace for a short-lived command.
     *
     * @return the namespace; the caller closes it
     * @throws CliException for a missing URI or bad config
     * @throws DLException ZOOKEEPER_ERROR when ZooKeeper cannot be reached within the connect timeout
     */
    public Namespace openNamespace() throws CliException, DLException {
        return openNamespace(false);
    }

    /**
     * Opens the namespace for a short-lived command.
     *
     * @param create whether a missing namespace is created ({@code namespace create} only); otherwise a missing
     *     one fails LOG_NOT_FOUND, so a mistyped {@code --uri} path is reported instead of created
     * @return the namespace; the caller closes it
     * @throws CliException for a missing URI or bad config
     * @throws DLException LOG_NOT_FOUND for a missing namespace, ZOOKEEPER_ERROR when ZooKeeper cannot be
     *     reached within the connect timeout
     */
    public Namespace openNamespace(boolean create) throws CliException, DLException {
        URI u = namespaceUri();
        return Namespace.builder().uri(u).config(config(true)).createIfMissing(create).build();
    }

    private Path configFile() throws CliException {
        if (conf != null) {
            Path p = env.workDir().resolve(conf);
            if (!Files.isReadable(p)) {
                throw new CliException(StatusCode.INVALID_ARGUMENT, "config file " + p + " is not readable");
            }
            return p;
        }
        String fromEnv = env.env().get(CONF_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            conf = Path.of(fromEnv.trim());
            return configFile();
        }
        String home = System.getProperty("dlog.home");
        if (home != null) {
            Path p = Path.of(home, "conf", "dlog.conf");
            return Files.isReadable(p) ? p : null;
        }
        return null;
    }

    private static Properties readProperties(Path file) throws CliException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "cannot read config file " + file + ": "
                    + e.getMessage());
        }
        return props;
    }

    private static URI parseUri(String text, String source) throws CliException {
        try {
            return checkUri(URI.create(text), source);
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "bad namespace URI in " + source + ": " + text);
        }
    }

    /**
     * Rejects what would otherwise surface only as a ZooKeeper connect timeout: another scheme, no host, a port
     * outside 1-65535 in any of the {@code host:port} pairs.
     */
    static URI checkUri(URI u, String source) throws CliException {
        String bad = "bad namespace URI in " + source + ": " + u + ": ";
        if (!"dlog".equals(u.getScheme())) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, bad + "the scheme must be dlog://");
        }
        String authority = u.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, bad + "no host:port");
        }
        for (String hostPort : authority.split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                continue;   // the default ZooKeeper port
            }
            String port = hostPort.substring(colon + 1);
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new CliException(StatusCode.INVALID_ARGUMENT, bad + "port '" + port + "' is not in 1-65535");
            }
        }
        return u;
    }
}
