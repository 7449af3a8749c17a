package io.dlog.tools;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlog version}: the dlog version and the versions of the BookKeeper, ZooKeeper and Java it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : versionLines()) {
            DlogCli.of(spec).env().out().println(line);
        }
        DlogCli.of(spec).env().out().flush();
        return ExitCode.OK;
    }

    static String[] versionLines() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/dlog-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown": a version banner must never fail.
        }
        return new String[] {
            "dlog " + p.getProperty("dlog.version", "unknown"),
            "BookKeeper " + p.getProperty("bookkeeper.version", "unknown") + ", ZooKeeper "
                    + p.getProperty("zookeeper.version", "unknown") + ", Java " + Runtime.version(),
        };
    }

    /** Feeds {@code dlog --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return versionLines();
        }
    }
}
