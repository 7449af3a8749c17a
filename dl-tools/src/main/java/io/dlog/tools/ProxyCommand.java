package io.dlog.tools;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.StatusCode;
import io.dlog.proxy.write.ProxyAdmin;
import io.dlog.proxy.write.ProxyDirectory;
import io.dlog.proxy.write.ProxyInfo;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlog proxy status|drain|release}: look at and steer the namespace's proxies. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Operate the proxies of a namespace: list them, drain one, move a stream off its owner.",
        subcommands = {ProxyCommand.Status.class, ProxyCommand.DrainProxy.class, ProxyCommand.ReleaseStream.class})
final class ProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(DlogCli.of(spec).env().out());
        return ExitCode.USAGE;
    }

    /** {@code dlog proxy status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List the live proxies registered in the namespace, with their health.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
                converter = DurationConverter.class, description = "Bound on each look-up (default 5s).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            DlogCli cli = DlogCli.of(spec);
            List<ProxyInfo> proxies = ProxyDirectory.list(cli.namespaceUri(), timeout);
            PrintWriter out = cli.env().out();
            out.printf("%-6s %-22s %-22s %s%n", "ROLE", "ADDRESS", "ADMIN", "HEALTH");
            for (ProxyInfo p : proxies) {
                out.printf("%-6s %-22s %-22s %s%n", p.role(), p.address(), p.adminAddress().isEmpty() ? "-"
                        : p.adminAddress(), health(p, timeout));
            }
            out.println(proxies.size() + " proxies");
            out.flush();
            return ExitCode.OK;
        }

        private static String health(ProxyInfo p, Duration timeout) {
            if (p.adminAddress().isEmpty()) {
                return "-";
            }
            try {
                HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(timeout).build().send(HttpRequest
                        .newBuilder(URI.create("http://" + p.adminAddress() + "/health")).timeout(timeout).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.body().trim();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (Exception e) {
                return "unreachable (" + e.getClass().getSimpleName() + ")";
            }
        }
    }

    /** {@code dlog proxy drain}. */
    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = {"Drain a write proxy: it takes no new streams, finishes in-flight writes, releases every "
                + "lock (other proxies take its streams at once) and exits."})
    static final class DrainProxy implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "HOST:PORT", description = "The proxy's client address.")
        String address;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
                converter = DurationConverter.class, description = "Bound on the call (default 30s).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            DlogCli cli = DlogCli.of(spec);
            ProxyAdmin.drain(address, timeout);
            cli.env().out().println("draining " + address);
            cli.env().out().flush();
            return ExitCode.OK;
        }
    }

    /** {@code dlog proxy release}. */
    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Make the proxy that owns a stream give it up (pending writes finish, the lock is "
                + "released); the next write goes to another proxy."})
    static final class ReleaseStream implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "STREAM", description = "The stream (log).")
        String stream;

        @Option(names = "--proxy", paramLabel = "HOST:PORT",
                description = "Any proxy of the namespace (default: the first one registered under --uri).")
        String proxy;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
                converter = DurationConverter.class, description = "Bound on each call (default 30s).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            LogNames.validate(stream);
            DlogCli cli = DlogCli.of(spec);
            String any = proxy != null ? proxy : firstWriteProxy(cli.namespaceUri(), timeout);
            Optional<String> owner = ProxyAdmin.owner(any, stream, timeout);
            if (owner.isEmpty()) {
                cli.env().out().println("stream " + stream + " has no owner; nothing to release");
            } else {
                ProxyAdmin.release(owner.get(), stream, timeout);
                cli.env().out().println("released " + stream + " from " + owner.get());
            }
            cli.env().out().flush();
            return ExitCode.OK;
        }

        private static String firstWriteProxy(URI uri, Duration timeout) throws DLException, CliException {
            for (ProxyInfo p : ProxyDirectory.list(uri, timeout)) {
                if (ProxyInfo.WRITE.equals(p.role())) {
                    return p.address();
                }
            }
            throw new CliException(StatusCode.SERVICE_UNAVAILABLE, "no write proxy is registered in " + uri
                    + "; pass --proxy HOST:PORT");
        }
    }
}
