package io.dlog.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seeded run: start the cluster and the clients, wait for the first acknowledgement, run the nemesis for the
 * fault duration, heal and let the clients write for a quiet period, stop them, recover and read every log twice,
 * kill every process, and check. Single use; blocking.
 */
public final class ChaosRun {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    private static final long QUIET_SECONDS = 10;
    private static final long FIRST_ACK_TIMEOUT_S = 180;
    private static final int FINAL_READERS = 2;

    private final ChaosOptions options;

    public ChaosRun(ChaosOptions options) {
        this.options = options;
    }

    /**
     * Runs and checks.
     *
     * @return the verdicts and report; every process of the run is gone when this returns or throws
     */
    public RunResult run() throws Exception {
        Path dir = Files.createDirectories(options.dir());
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                // An old run's ZooKeeper data would make this one a different cluster than the seed describes.
                throw new IOException("run directory " + dir + " is not empty: give each run a new directory");
            }
        }
        Path histories = Files.createDirectories(dir.resolve("histories"));
        List<Fault> plan = FaultPlan.generate(options.seed(), options.faultDuration().toMillis(), options.kinds(),
                options.shape());
        StringBuilder schedule = new StringBuilder("seed " + options.seed() + ": " + plan.size() + " faults\n");
        plan.forEach(f -> schedule.append("  ").append(f).append('\n'));
        Files.writeString(dir.resolve("schedule.txt"), schedule, StandardCharsets.UTF_8);
        System.out.print(schedule);
        long start;
        long end;
        List<FaultWindow> windows;
        String aborted = null;
        try (ChaosCluster cluster = new ChaosCluster(options, histories)) {
            cluster.startServers();
            cluster.startClients();
            awaitFirstAck(histories);
            start = System.nanoTime();
            Nemesis nemesis = new Nemesis(cluster, dir.resolve("nemesis.tsv"), options.shape());
            try {
                windows = nemesis.run(plan, start);
                long faultEnd = start + options.faultDuration().toNanos();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, faultEnd - System.nanoTime()));   // the run's clock
            } catch (IOException e) {
                // A node that does not come back ends the fault phase; what was recorded so far is still checked.
                aborted = "nemesis stopped: " + e.getMessage();
                windows = nemesis.windows();
                LOG.warn("chaos {}", aborted, e);
            }
            TimeUnit.SECONDS.sleep(QUIET_SECONDS);   // healed: the clients write on, to show recovery
            end = System.nanoTime();
            cluster.stopClients();
            cluster.stopProxies();
            String unrecoverable = finalRead(cluster, dir);
            if (unrecoverable != null) {
                aborted = (aborted == null ? "" : aborted + "; ") + unrecoverable;
            }
        }
        List<HistoryEvent> events = HistoryFormat.readAll(histories);
        Map<String, List<List<FinalRecord>>> finals = FinalLogFile.readAll(dir);
        // A log that could not be recovered has no final read: check the others, and report it (run incomplete).
        List<HistoryEvent> readable = events.stream().filter(e -> finals.containsKey(e.log())).toList();
        List<LogVerdict> verdicts = HistoryChecker.check(readable, finals);
        Availability availability = Availability.of(events, start, end);
        String header = String.format("dlog-chaos seed=%d faults=%d faultDuration=%ds bookies=%d clients=%d logs=%d "
                        + "rate=%d/s session=%dms kinds=%s", options.seed(), windows.size(),
                options.faultDuration().toSeconds(), options.bookies(), options.clients(), options.logs(),
                options.ratePerLog(), options.sessionMillis(), options.kinds())
                + (options.writeProxies() + options.readProxies() + options.remoteClients() == 0 ? ""
                        : String.format(" writeProxies=%d readProxies=%d remoteClients=%d", options.writeProxies(),
                                options.readProxies(), options.remoteClients()))
                + (options.network() == NetworkMode.LOOPBACK ? "" : " network=" + options.network().cliName())
                + (aborted == null ? "" : System.lineSeparator() + "RUN INCOMPLETE: " + aborted);
        String report = RunReport.write(dir, header, verdicts, availability, windows);
        LOG.info("chaos run done dir={} ok={}", dir, HistoryChecker.allOk(verdicts));
        return new RunResult(dir, verdicts, windows, availability, report, aborted);
    }

    /** Recovers and reads every log; returns what could not be recovered, or null. */
    private String finalRead(ChaosCluster cluster, Path dir) throws Exception {
        List<String> failed = new ArrayList<>();
        for (String log : cluster.logs()) {
            try {
                FinalReader.recover(cluster.namespaceUri(), log);
            } catch (Exception e) {
                // A finding in itself (a log nobody can take over); its history cannot be checked without a read.
                failed.add("log " + log + " UNRECOVERABLE: " + e.getMessage());
                LOG.error("chaos final recovery failed log={}", log, e);
                continue;
            }
            for (int r = 0; r < FINAL_READERS; r++) {
                List<FinalRecord> records = FinalReader.readAll(cluster.namespaceUri(), log);
                FinalLogFile.write(dir, r, log, records);
                LOG.info("chaos final read log={} reader={} records={}", log, r, records.size());
            }
        }
        return failed.isEmpty() ? null : String.join("; ", failed);
    }

    /** Waits until some client has an acknowledged write, so faults start against a working system. */
    private static void awaitFirstAck(Path histories) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FIRST_ACK_TIMEOUT_S);
        while (HistoryFormat.readAll(histories).stream().noneMatch(e -> e.kind() == HistoryEvent.Kind.OK)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no client write was acknowledged within " + FIRST_ACK_TIMEOUT_S
                        + " s; see the node.log files under " + histories.getParent());
            }
            TimeUnit.MILLISECONDS.sleep(500);   // polling files written by other processes
        }
    }
}
