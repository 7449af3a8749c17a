package io.dlog.tools;

import io.dlog.core.DLConfig;
import io.dlog.protocol.StatusCode;
import io.dlog.proxy.write.WriteProxy;
import io.dlog.proxy.write.WriteProxyConfig;
import io.dlog.proxy.write.WriteProxyConfigKeys;
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
 * {@code dlog write-proxy}: a write proxy in the foreground, on the namespace of {@code --uri}, until SIGTERM (or a
 * {@code drain}), which stops it gracefully: no new streams, in-flight writes finish, every lock is released.
 * Prints one {@code ready} line once it serves.
 */
@Command(name = "write-proxy", mixinStandardHelpOptions = true,
        description = {"Run a write proxy in the foreground: remote clients (dl-client) write through it.",
            "SIGTERM or 'dlog proxy drain' stops it gracefully (locks released at once, no session timeout)."})
final class WriteProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "Client port (default: proxy.port, 7002; 0: any).")
    Integer port;

    @Option(names = "--admin-port", paramLabel = "M",
            description = "Port of /metrics and /health (default: proxy.admin.port, 0: any; -1: off).")
    Integer adminPort;

    @Option(names = "--proxy-conf", paramLabel = "FILE", description = "Proxy config file (keys of "
            + "conf/write_proxy.conf). Default: conf/write_proxy.conf under $DLOG_HOME when present.")
    Path proxyConf;

    @Override
    public Integer call() throws Exception {
        DlogCli cli = DlogCli.of(spec);
        DLConfig dl = cli.config(false);
        WriteProxyConfig.Builder b = loadProxyConfig(cli).toBuilder();
        if (port != null) {
            b.set(WriteProxyConfigKeys.PORT, port);
        }
        if (adminPort != null) {
            b.set(WriteProxyConfigKeys.ADMIN_PORT, adminPort);
        }
        WriteProxyConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(StatusCode.INVALID_ARGUMENT, e.getMessage());
        }
        WriteProxy proxy = WriteProxy.builder().uri(cli.namespaceUri()).dlConfig(dl).config(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "dlog-write-proxy-shutdown"));
        cli.env().out().println("dlog write-proxy: ready address=" + proxy.address() + " admin="
                + proxy.adminAddress().orElse("off") + " namespace=" + cli.namespaceUri());
        cli.env().out().flush();
        proxy.terminated().join();
        return ExitCode.OK;
    }

    private WriteProxyConfig loadProxyConfig(DlogCli cli) throws CliException {
        Path file = proxyConf != null ? cli.env().workDir().resolve(proxyConf) : defaultConf();
        if (file == null) {
            return WriteProxyConfig.defaults();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return WriteProxyConfig.fromProperties(p);
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
        Path p = Path.of(home, "conf", "write_proxy.conf");
        return Files.isReadable(p) ? p : null;
    }
}
