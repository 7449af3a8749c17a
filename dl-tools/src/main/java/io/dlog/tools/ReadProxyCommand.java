package io.dlog.tools;

import io.dlog.core.DLConfig;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.read.ReadProxyConfig;
import io.dlog.proxy.read.ReadProxyConfigKeys;
import java.nio.file.Path;
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
        ReadProxyConfig.Builder b = ProxyLaunch.loadConfig(cli, proxyConf, "read_proxy.conf", ReadProxyConfig::defaults,
                ReadProxyConfig::fromProperties).toBuilder();
        if (port != null) {
            b.set(ReadProxyConfigKeys.PORT, port);
        }
        if (adminPort != null) {
            b.set(ReadProxyConfigKeys.ADMIN_PORT, adminPort);
        }
        ReadProxyConfig config = ProxyLaunch.build(b::build);
        ReadProxy proxy = ReadProxy.builder().uri(cli.namespaceUri()).dlConfig(dl).config(config).start();
        return ProxyLaunch.runInForeground(cli, "read-proxy", proxy.address(), proxy.adminAddress(), proxy::close,
                proxy.terminated());
    }
}
