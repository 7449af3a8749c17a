package io.dlog.tools;

import io.dlog.core.DLConfig;
import io.dlog.proxy.write.WriteProxy;
import io.dlog.proxy.write.WriteProxyConfig;
import io.dlog.proxy.write.WriteProxyConfigKeys;
import java.nio.file.Path;
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
        WriteProxyConfig.Builder b = ProxyLaunch.loadConfig(cli, proxyConf, "write_proxy.conf", WriteProxyConfig::defaults,
                WriteProxyConfig::fromProperties).toBuilder();
        if (port != null) {
            b.set(WriteProxyConfigKeys.PORT, port);
        }
        if (adminPort != null) {
            b.set(WriteProxyConfigKeys.ADMIN_PORT, adminPort);
        }
        WriteProxyConfig config = ProxyLaunch.build(b::build);
        WriteProxy proxy = WriteProxy.builder().uri(cli.namespaceUri()).dlConfig(dl).config(config).start();
        return ProxyLaunch.runInForeground(cli, "write-proxy", proxy.address(), proxy.adminAddress(), proxy::close,
                proxy.terminated());
    }
}
