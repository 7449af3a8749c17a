package io.dlog.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a {@link FaultPlan} against a {@link ChaosCluster}: injects each fault at its offset, holds it, heals
 * it, and logs both to {@code nemesis.tsv} and the harness log. Runs on the caller's thread; single use.
 */
final class Nemesis {

    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);

    private final ChaosCluster cluster;
    private final Path journal;
    private final List<FaultWindow> windows = new ArrayList<>();
    private final NetworkNemesis network;

    Nemesis(ChaosCluster cluster, Path journal, ClusterShape shape) {
        this.cluster = cluster;
        this.journal = journal;
        this.network = cluster.network() instanceof NetnsNetwork net ? new NetworkNemesis(cluster, net, shape) : null;
    }

    /**
     * Runs every fault of the plan, in order; returns when the last one is healed.
     *
     * @param plan       the schedule
     * @param startNanos the offset origin of the plan
     * @return the fault windows as they happened
     */
    List<FaultWindow> run(List<Fault> plan, long startNanos) throws IOException, InterruptedException {
        for (Fault f : plan) {
            long wait = startNanos + TimeUnit.MILLISECONDS.toNanos(f.atMillis()) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);   // the schedule's clock, not synchronization
            }
            long t0 = System.nanoTime();
            String label = inject(f);
            long t1 = System.nanoTime();
            windows.add(new FaultWindow(label, t0, t1));
            String line = String.format("%d\t%d\t%s\t%s%n", t0, t1, f, label);
            Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            LOG.info("chaos fault healed {} -> {} ({} ms)", f, label, (t1 - t0) / 1_000_000);
        }
        return windows;
    }

    /** The faults injected so far (all of them once {@link #run} returned). */
    List<FaultWindow> windows() {
        return List.copyOf(windows);
    }

    /** Injects, holds and heals one fault; returns what was actually done. */
    private String inject(Fault f) throws IOException, InterruptedException {
        LOG.info("chaos fault inject {}", f);
        if (f.kind().target() == FaultKind.Target.NETWORK) {
            if (network == null) {
                throw new IllegalStateException(f.kind().cliName() + " needs the network tier (--network netns)");
            }
            return network.inject(f);
        }
        switch (f.kind()) {
            case KILL_BOOKIE -> {
                ChildProcess b = cluster.fleet().bookies().get(f.target());
                long session = registration(f.target());
                b.kill9();
                hold(f);
                b.start();
                awaitBookie(f.target(), session);
                return "kill-9 " + b;
            }
            case PAUSE_BOOKIE -> {
                ChildProcess b = cluster.fleet().bookies().get(f.target());
                pauseAndResume(b, f);
                awaitBookie(f.target(), -1);
                return "pause " + b;
            }
            case WIPE_BOOKIE -> {
                ChildProcess b = cluster.fleet().bookies().get(f.target());
                long session = registration(f.target());
                b.kill9();
                ChildProcess fresh = cluster.fleet().wipe(f.target());
                hold(f);
                fresh.start();
                awaitBookie(f.target(), session);
                return "wipe+reformat " + b;
            }
            case KILL_CLIENT -> {
                ChildProcess c = cluster.client(f.target());
                c.kill9();
                hold(f);
                return "kill-9 " + c + ", restarted as " + cluster.restartClient(f.target());
            }
            case PAUSE_CLIENT -> {
                ChildProcess c = cluster.client(f.target());
                pauseAndResume(c, f);
                return "pause " + c;
            }
            case EXPIRE_SESSION -> {
                ChildProcess c = cluster.client(f.target());
                c.send("expire");
                hold(f);
                return "expire-session " + c;
            }
            case KILL_ZK_LEADER, KILL_ZK -> {
                return killZooKeeper(f);
            }
            case KILL_PROXY, PAUSE_PROXY, DRAIN_PROXY -> {
                return proxyFault(f);
            }
            default -> throw new IllegalStateException("unhandled fault " + f.kind());
        }
    }

    private String killZooKeeper(Fault f) throws IOException, InterruptedException {
        int index = f.kind() == FaultKind.KILL_ZK_LEADER ? cluster.zooKeeper().leader() : f.target();
        if (index < 0) {
            hold(f);
            return "kill-9 zk leader: none found (election in progress), skipped";
        }
        ChildProcess zk = cluster.zooKeeper().members().get(index);
        // Say which role died: killing a follower and killing the leader hurt clients very differently.
        String role = cluster.zooKeeper().mode(index);
        zk.kill9();
        hold(f);
        zk.start();
        cluster.zooKeeper().awaitQuorum(RESTART_TIMEOUT);
        return "kill-9 " + zk + " (" + role + ")";
    }

    /** Kills, pauses or drains a write or read proxy; a stopped one restarts on its port and is awaited. */
    private String proxyFault(Fault f) throws IOException, InterruptedException {
        ChildProcess p = cluster.proxies().proxies().get(f.target());
        switch (f.kind()) {
            case PAUSE_PROXY -> {
                pauseAndResume(p, f);
                return "pause " + p;
            }
            case KILL_PROXY -> p.kill9();
            default -> p.terminate(30);   // SIGTERM: the proxy drains (bounded at 10 s), then exits
        }
        hold(f);
        p.start();
        cluster.proxies().awaitListening(f.target(), RESTART_TIMEOUT);
        return (f.kind() == FaultKind.KILL_PROXY ? "kill-9 " : "drain (SIGTERM) ") + p + ", restarted";
    }

    private void pauseAndResume(ChildProcess p, Fault f) throws IOException, InterruptedException {
        p.pause();
        try {
            hold(f);
        } finally {
            p.resume();
        }
    }

    private long registration(int i) throws IOException {
        return cluster.fleet().registrationSession(cluster.zooKeeper().connectString(), i);
    }

    /** Waits for bookie i to register again, under a session other than {@code staleSession}. */
    private void awaitBookie(int i, long staleSession) throws IOException {
        cluster.fleet().awaitRegistered(cluster.zooKeeper().connectString(), List.of(i), staleSession,
                RESTART_TIMEOUT);
    }

    private static void hold(Fault f) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(f.holdMillis());   // the fault's duration, not synchronization
    }
}
