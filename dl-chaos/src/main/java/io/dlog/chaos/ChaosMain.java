package io.dlog.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bin/dlog-chaos}: one seeded run from the command line. Prints the schedule, then the verdict; exits 0 on
 * PASS, 1 on FAIL, 2 on bad arguments or a run that could not complete.
 *
 * <pre>
 * dlog-chaos --seed N [--duration 10m] [--nemesis all|kill-bookie,pause-client,...] [--bookies 5] [--clients 3]
 *            [--logs 2] [--rate 50] [--session-ms 4000] [--dir DIR (default target/chaos/seed-N-millis)]
 *            [--write-proxies 0] [--read-proxies 0] [--remote-clients 0] [--network loopback|netns]
 * </pre>
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) {
        ChaosOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dlog-chaos: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            RunResult result = new ChaosRun(options).run();
            System.out.print(result.report());
            System.out.println("report: " + result.dir().resolve("report.txt") + " and report.svg");
            System.exit(result.ok() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("dlog-chaos: the run did not complete: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    static ChaosOptions parse(String[] args) {
        Long seed = null;
        Duration duration = Duration.ofMinutes(10);
        Set<FaultKind> kinds = FaultKind.parse("all");
        int bookies = 5;
        int clients = 3;
        int logs = 2;
        int rate = 50;
        long session = 4000;
        Path dir = null;
        int writeProxies = 0;
        int readProxies = 0;
        int remoteClients = 0;
        NetworkMode network = NetworkMode.LOOPBACK;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(v);
                case "--duration" -> duration = duration(v);
                case "--nemesis" -> kinds = FaultKind.parse(v);
                case "--bookies" -> bookies = Integer.parseInt(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--logs" -> logs = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--session-ms" -> session = Long.parseLong(v);
                case "--dir" -> dir = Path.of(v);
                case "--write-proxies" -> writeProxies = Integer.parseInt(v);
                case "--read-proxies" -> readProxies = Integer.parseInt(v);
                case "--remote-clients" -> remoteClients = Integer.parseInt(v);
                case "--network" -> network = NetworkMode.parse(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (seed == null) {
            throw new IllegalArgumentException("--seed N is required (the same seed replays the same schedule)");
        }
        if (dir == null) {
            dir = Path.of(System.getProperty("dlog.chaos.outDir", "target/chaos"),
                    "seed-" + seed + "-" + System.currentTimeMillis());
        }
        return new ChaosOptions(seed, duration, kinds, bookies, clients, logs, rate, session, dir.toAbsolutePath(),
                ChaosOptions.defaultClasspath(), writeProxies, readProxies, remoteClients, network);
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, or plain seconds. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.replaceAll("[smh]$", ""));
            return switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + text + "': use e.g. 90s, 10m or 1h");
        }
    }
}
