package io.dlog.chaos;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The T3 network: one namespace per node on a bridge ({@link NetnsLayout}), built when created and removed by
 * {@link #close()}. Concurrent runs on one machine each hold a slot, a lock on {@code /run/dlog-chaos/slot-N.lock}
 * for the life of the run (the kernel releases it when the process dies, however it dies); a slot's leftovers from
 * a crashed run are removed before it is used. Network faults are nftables scripts ({@link NftRules}) applied in a
 * node's namespace. Needs root, {@code ip} and {@code nft}. Thread-safe.
 */
final class NetnsNetwork implements ChaosNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(NetnsNetwork.class);
    private static final Path LOCK_DIR = Path.of("/run/dlog-chaos");

    private final NetnsLayout layout;
    private final FileChannel lockFile;
    private final FileLock lock;
    private boolean closed;

    private NetnsNetwork(NetnsLayout layout, FileChannel lockFile, FileLock lock) {
        this.layout = layout;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Takes a free slot, removes its leftovers, and builds a namespace for each node.
     *
     * @param nodes the node keys
     * @throws IOException if no slot is free or a command fails (what was built is removed again)
     */
    static NetnsNetwork create(List<String> nodes) throws IOException {
        Files.createDirectories(LOCK_DIR);
        for (int slot = 0; slot < NetnsLayout.SLOTS; slot++) {
            FileChannel ch = FileChannel.open(LOCK_DIR.resolve("slot-" + slot + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;   // held by this JVM (another run in the same process, as in tests)
            }
            if (lock == null) {
                ch.close();
                continue;
            }
            NetnsNetwork net = new NetnsNetwork(new NetnsLayout(slot, nodes), ch, lock);
            try {
                net.removeLeftovers();
                net.build();
            } catch (IOException | RuntimeException e) {
                net.close();
                throw e;
            }
            return net;
        }
        throw new IOException("all " + NetnsLayout.SLOTS + " network slots are in use (" + LOCK_DIR + ")");
    }

    NetnsLayout layout() {
        return layout;
    }

    @Override
    public String host(String key) {
        return layout.address(key);
    }

    @Override
    public List<String> launcher(String key) {
        return List.of("ip", "netns", "exec", layout.namespace(key));
    }

    /** Replaces node {@code key}'s fault table with {@code script} (from {@link NftRules}). */
    void apply(String key, String script) throws IOException {
        Shell.run(List.of("ip", "netns", "exec", layout.namespace(key), "nft", "-f", "-"), script);
    }

    /** Removes node {@code key}'s fault table, if any. */
    void heal(String key) throws IOException {
        apply(key, NftRules.heal());
    }

    /** Removes every node's fault table; best effort (a namespace that is gone has none). */
    void healAll() {
        for (String node : layout.nodes()) {
            try {
                heal(node);
            } catch (IOException e) {
                LOG.warn("chaos network heal failed node={}: {}", node, e.getMessage());
            }
        }
    }

    private void build() throws IOException {
        for (List<String> cmd : layout.setup()) {
            Shell.run(cmd);
        }
        LOG.info("chaos network up prefix={} subnet={}/24 nodes={}", layout.prefix(), layout.hostAddress(),
                layout.nodes().size());
    }

    /** Deletes the namespaces and links of this slot that a crashed run left behind. */
    private void removeLeftovers() throws IOException {
        List<String> stale = new ArrayList<>();
        for (String line : Shell.run(List.of("ip", "netns", "list")).split("\n")) {
            String name = line.strip().split(" ", 2)[0];
            if (!name.isEmpty() && layout.owns(name)) {
                stale.add(name);
                Shell.tryRun(List.of("ip", "netns", "del", name));
            }
        }
        for (String line : Shell.run(List.of("ip", "-o", "link", "show")).split("\n")) {
            String[] parts = line.split(": ", 3);
            if (parts.length >= 2) {
                String name = parts[1].split("@", 2)[0].strip();
                if (layout.owns(name)) {
                    stale.add(name);
                    Shell.tryRun(List.of("ip", "link", "del", name));
                }
            }
        }
        if (!stale.isEmpty()) {
            LOG.warn("chaos network removed leftovers of a crashed run: {}", stale);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (List<String> cmd : layout.teardown()) {
            Shell.tryRun(cmd);   // a namespace's deletion already removed its veth: that "failure" is expected
        }
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            LOG.warn("chaos network slot lock release failed: {}", e.toString());
        }
        LOG.info("chaos network removed prefix={}", layout.prefix());
    }
}
