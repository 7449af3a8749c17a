package io.dlog.tools;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.write.WriteProxy;
import io.dlog.tools.standalone.Standalone;
import io.dlog.tools.standalone.StandaloneSettings;
import io.dlog.tools.standalone.StandaloneReadProxy;
import io.dlog.tools.standalone.StandaloneWriteProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlog standalone}: ZooKeeper, bookies, the namespace and the admin endpoint in this JVM, until Ctrl-C or
 * SIGTERM. Prints the endpoints and a {@code ready} line on stdout once everything is up.
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = {"Run ZooKeeper + bookies + a namespace + the admin endpoint in one JVM on 127.0.0.1.",
            "Data is kept in --data-dir across restarts. Ctrl-C stops it cleanly."})
final class StandaloneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Data directory, relative to the working directory (default ./data).")
    Path dataDir;

    @Option(names = "--zk-port", paramLabel = "PORT", defaultValue = "7000",
            description = "ZooKeeper port (default 7000; 0: the last one used with this data dir, else any).")
    int zkPort;

    @Option(names = "--bookie-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the first bookie, the others follow (default 0: the ports remembered in the "
                    + "data dir, else free ones).")
    int bookiePort;

    @Option(names = "--bookies", paramLabel = "N", defaultValue = "3", description = "Number of bookies (3).")
    int bookies;

    @Option(names = "--namespace", paramLabel = "PATH", defaultValue = "default",
            description = "Namespace path to create and serve (default 'default').")
    String namespace;

    @Option(names = "--admin-address", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address of the admin HTTP endpoint (default 127.0.0.1).")
    String adminAddress;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "7001",
            description = "Port of the admin HTTP endpoint: /metrics, /health (default 7001; 0: any).")
    int adminPort;

    @Option(names = "--write-proxy-port", paramLabel = "PORT", defaultValue = "7002",
            description = "Port of the write proxy (default 7002; 0: any; -1: no write proxy).")
    int writeProxyPort;

    @Option(names = "--read-proxy-port", paramLabel = "PORT", defaultValue = "7003",
            description = "Port of the read proxy (default 7003; 0: any; -1: no read proxy).")
    int readProxyPort;

    @Option(names = "--fsync", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Bookies fsync their journal before acknowledging (default; --no-fsync is faster and "
                    + "survives a process crash, not a machine crash).")
    boolean fsync;

    @Override
    public Integer call() throws Exception {
        DlogCli cli = DlogCli.of(spec);
        StandaloneSettings settings = new StandaloneSettings(cli.env().workDir().resolve(dataDir), zkPort,
                bookiePort, bookies, fsync, namespace, adminAddress, adminPort, cli.config(false));
        Standalone standalone = start(settings);
        WriteProxy writeProxy = writeProxyPort < 0 ? null
                : StandaloneWriteProxy.start(standalone, cli.config(false), writeProxyPort);
        ReadProxy readProxy = readProxyPort < 0 ? null
                : startReadProxy(standalone, writeProxy, cli.config(false));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (readProxy != null) {
                readProxy.close();
            }
            if (writeProxy != null) {
                writeProxy.close();
            }
            standalone.close();
            stopped.countDown();
        }, "dlog-standalone-shutdown"));
        if (writeProxy != null) {
            cli.env().out().println("dlog standalone: write proxy " + writeProxy.address() + " (metrics http://"
                    + writeProxy.adminAddress().orElse("-") + "/metrics)");
        }
        if (readProxy != null) {
            cli.env().out().println("dlog standalone: read proxy " + readProxy.address() + " (metrics http://"
                    + readProxy.adminAddress().orElse("-") + "/metrics)");
        }
        printEndpoints(cli.env().out(), standalone);
        stopped.await();
        return ExitCode.OK;
    }

    private ReadProxy startReadProxy(Standalone standalone, WriteProxy writeProxy, io.dlog.core.DLConfig dl)
            throws DLException {
        try {
            return StandaloneReadProxy.start(standalone, dl, readProxyPort);
        } catch (DLException e) {
            if (writeProxy != null) {
                writeProxy.close();
            }
            standalone.close();
            throw e;
        }
    }

    private static Standalone start(StandaloneSettings settings) throws Exception {
        try {
            return Standalone.start(settings);
        } catch (DLException e) {
            throw e;   // a locked or unusable data directory says why itself
        } catch (BindException e) {
            throw new CliException(StatusCode.SERVICE_UNAVAILABLE, "a port is in use (" + e.getMessage()
                    + "): is another standalone running? Pick other ports with --zk-port/--admin-port");
        } catch (IOException e) {
            throw new CliException(StatusCode.SERVICE_UNAVAILABLE, "standalone could not start: " + e.getMessage());
        }
    }

    private static void printEndpoints(PrintWriter out, Standalone s) {
        out.println("dlog standalone: namespace  " + s.namespaceUri());
        out.println("dlog standalone: zookeeper  " + s.zkConnectString());
        out.println("dlog standalone: bookies    " + String.join(" ", s.bookieAddresses()));
        out.println("dlog standalone: metrics    " + s.adminUri() + "/metrics");
        out.println("dlog standalone: health     " + s.adminUri() + "/health");
        out.println("dlog standalone: data       " + s.dataDir());
        out.println("dlog standalone: ready (Ctrl-C to stop); try: echo hello | bin/dlog write demo");
        out.flush();
    }
}
