package io.dlog.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.bookkeeper.bookie.BookieException;
import org.apache.bookkeeper.bookie.Cookie;
import org.apache.bookkeeper.conf.ServerConfiguration;
import org.apache.bookkeeper.meta.MetadataDrivers;
import org.apache.bookkeeper.versioning.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bookie as its own process, configured exactly as {@link LocalCluster} configures its bookies (it lives in
 * dl-chaos but in this package to reuse {@link BookieSettings} and {@link LocalBookie} rather than copy them).
 *
 * <p>Usage: {@code BookieNodeMain <metadataServiceUri> <port> <dataDir> [--reformat] [--address IP]}. With
 * {@code --address} the bookie binds and advertises IP on {@code eth0} (its network namespace's interface) instead
 * of 127.0.0.1. With {@code --reformat} the
 * bookie's cookie is deleted from the metadata store first when its disks hold none, so a bookie whose disks were
 * wiped may join again under its old identity (RELIABILITY.md R-07: without it the bookie refuses to start). Runs until killed; on
 * SIGTERM it stops cleanly.
 */
public final class BookieNodeMain {

    private static final Logger LOG = LoggerFactory.getLogger(BookieNodeMain.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private BookieNodeMain() {
    }

    /**
     * Starts the bookie and blocks.
     *
     * @param args metadata service URI, port, data directory, and optionally {@code --reformat}
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: BookieNodeMain <metadataServiceUri> <port> <dataDir> "
                    + "[--reformat]");
        }
        Path dir = Path.of(args[2]);
        Path journal = Files.createDirectories(dir.resolve("journal"));
        Path ledgers = Files.createDirectories(dir.resolve("ledgers"));
        ServerConfiguration conf = BookieSettings.create(args[0], Integer.parseInt(args[1]), journal, ledgers, true,
                BookieStorage.SORTED);
        List<String> options = List.of(args).subList(3, args.length);
        int address = options.indexOf("--address");
        if (address >= 0) {
            // In its own network namespace (the T3 tier): bind and advertise the namespace's address, so that the
            // bookie id is reachable from the other nodes' namespaces and traffic to it crosses the veths.
            conf.setListeningInterface("eth0");
            conf.setAdvertisedAddress(options.get(address + 1));
        }
        // Only a bookie whose disks were wiped (no local cookie) gives up its old identity's cookie: the node keeps
        // this flag across later restarts, which must keep the cookie its disks now hold.
        if (options.contains("--reformat") && !Files.exists(journal.resolve("current")
                .resolve("VERSION"))) {
            deleteCookie(conf);
        }
        LocalBookie bookie = new LocalBookie(0, conf);
        bookie.start(START_TIMEOUT);
        LOG.info("bookie process started address={} dir={}", bookie.address(), dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bookie.stop();
            stopped.countDown();
        }, "bookie-shutdown"));
        stopped.await();
    }

    private static void deleteCookie(ServerConfiguration conf) throws Exception {
        String result = MetadataDrivers.runFunctionWithRegistrationManager(conf, rm -> {
            try {
                Versioned<Cookie> cookie = Cookie.readFromRegistrationManager(rm, conf);
                cookie.getValue().deleteFromRegistrationManager(rm, conf, cookie.getVersion());
                return "deleted";
            } catch (BookieException.CookieNotFoundException e) {
                return "absent";
            } catch (BookieException e) {
                throw new IllegalStateException("cannot delete the cookie: " + e, e);
            }
        });
        LOG.info("bookie cookie before reformat: {}", result);
        if (result == null) {
            throw new IOException("cookie deletion returned nothing");
        }
    }
}
