package io.dlog.tools;

import io.dlog.core.DLConfig;
import io.dlog.protocol.StatusCode;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.read.ReadProxyConfig;
import io.dlog.proxy.read.ReadProxyConfigKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlog read-proxy}: a read proxy in the foreground, on the namespace of {@code --uri}, until SIGTERM, which
 * stops it (its readers are told SERVICE_UNAVAILABLE and resume on another read proxy). Prints one {@code ready}
 * line once it serves.
 */
@Command(name = "read-proxy", mixinStandardHelpOptions = true,
        description = {"Run a read proxy in the foreground: remote readers (dl-client) read through it.",
            "SIGTERM stops it; its readers resume on another read proxy after their last record."})
final class ReadProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "Client port (default: read.proxy.port, 7003; 0: any).")
    Integer port;

    @Option(names = "--admin-port", paramLabel = "M",
            description = "Port of /metrics and /health (default: read.proxy.admin.port, 0: any; -1: off).")
    Integer adminPort;

    @Option(names = "--proxy-conf", paramLabel = "FILE", description = "Proxy config file (keys of "
            + "conf/read_proxy.conf). Default: conf/read_proxy.conf under $DLOG_HOME when present.")
    Path proxyConf;

    @Override
    public Integer call() throws Exception {
        DlogCli cli = DlogCli.of(spec);
        DLConfig dl = cli.config(false);
        ReadProxyConfig.Builder b = loadProxyConfig(cli).toBuilder();
        if (port != null) {
            b.set(ReadProxyConfigKeys.PORT, port);
        }
        if (adminPort != null) {
            b.set(ReadProxyConfigKeys.ADMIN_PORT, adminPort);
        }
        ReadProxyConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, e.getMessage());
        }
        ReadProxy proxy = ReadProxy.builder().uri(cli.namespaceUri()).dlConfig(dl).config(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "dlog-read-proxy-shutdown"));
        cli.env().out().println("dlog read-proxy: ready address=" + proxy.address() + " admin="
                + proxy.adminAddress().orElse("off") + " namespace=" + cli.namespaceUri());
        cli.env().out().flush();
        proxy.terminated().join();
        return ExitCode.OK;
    }

    private ReadProxyConfig loadProxyConfig(DlogCli cli) throws CliException {
        Path file = proxyConf != null ? cli.env().workDir().resolve(proxyConf) : defaultConf();
        if (file == null) {
            return ReadProxyConfig.defaults();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return ReadProxyConfig.fromProperties(p);
        } catch (IOException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, "proxy config file " + file + " is not readable: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, file + ": " + e.getMessage());
        }
    }

    private static Path defaultConf() {
        String home = System.getProperty("dlog.home");
        if (home == null) {
            return null;
        }
        Path p = Path.of(home, "conf", "read_proxy.conf");
        return Files.isReadable(p) ? p : null;
    }
}
