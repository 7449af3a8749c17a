package io.dlog.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A ZooKeeper ensemble of child processes ({@code QuorumPeerMain}), each with its own data directory, config and
 * log, on loopback ports picked once for the run (a restarted member keeps its ports and data). Not thread-safe:
 * the run drives it from one thread.
 */
final class ZooKeeperEnsemble {

    private static final int TICK_MS = 500;

    private final List<ChildProcess> members = new ArrayList<>();
    private final List<Integer> clientPorts = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();

    /**
     * Writes the members' configs; starts nothing.
     *
     * @param root      the run directory; member i lives in {@code root/zk-i} (its myid is i + 1)
     * @param size      members (3)
     * @param classpath the child classpath
     * @param net       where member i ({@code zk-i}) binds its ports and how it is launched
     */
    ZooKeeperEnsemble(Path root, int size, String classpath, ChaosNetwork net) throws IOException {
        List<Integer> ports = Ports.free(3 * size);
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < size; i++) {
            clientPorts.add(ports.get(3 * i));
            hosts.add(net.host(key(i)));
            servers.append("server.").append(i + 1).append('=').append(hosts.get(i)).append(':')
                    .append(ports.get(3 * i + 1)).append(':')
                    .append(ports.get(3 * i + 2)).append('\n');
        }
        for (int i = 0; i < size; i++) {
            Path dir = Files.createDirectories(root.resolve("zk-" + i));
            Path data = Files.createDirectories(dir.resolve("data"));
            Files.writeString(data.resolve("myid"), Integer.toString(i + 1));
            String cfg = "tickTime=" + TICK_MS + "\ninitLimit=20\nsyncLimit=6\ndataDir=" + data
                    + "\nclientPort=" + clientPorts.get(i) + "\nclientPortAddress=" + hosts.get(i) + "\n"
                    + "minSessionTimeout=1000\nmaxSessionTimeout=60000\nmaxClientCnxns=0\n"
                    + "admin.enableServer=false\n4lw.commands.whitelist=*\nautopurge.purgeInterval=1\n" + servers;
            Path cfgFile = dir.resolve("zoo.cfg");
            Files.writeString(cfgFile, cfg);
            members.add(new ChildProcess("zk-" + i, NodeKind.ZOOKEEPER, dir, List.of(cfgFile.toString()),
                    classpath, net.launcher(key(i))));
        }
    }

    /** The network key of member i. */
    static String key(int i) {
        return "zk-" + i;
    }

    /** Member i's address. */
    String host(int i) {
        return hosts.get(i);
    }

    /** Member i's client port. */
    int clientPort(int i) {
        return clientPorts.get(i);
    }

    List<ChildProcess> members() {
        return members;
    }

    /** {@code host1:p1,host2:p2,...}: the ZooKeeper connect string. */
    String connectString() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < clientPorts.size(); i++) {
            members.add(hosts.get(i) + ":" + clientPorts.get(i));
        }
        return String.join(",", members);
    }

    void start() throws IOException {
        for (ChildProcess m : members) {
            m.start();
        }
    }

    /**
     * Waits until a leader serves and every running member is a leader or follower.
     *
     * @throws IOException if that does not happen within {@code timeout}
     */
    void awaitQuorum(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean leader = false;
            boolean allServing = true;
            for (int i = 0; i < members.size(); i++) {
                if (!members.get(i).isAlive() || members.get(i).isPaused()) {
                    continue;
                }
                String mode = mode(i);
                leader |= mode.equals("leader");
                allServing &= mode.equals("leader") || mode.equals("follower");
            }
            if (leader && allServing) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("ZooKeeper ensemble " + connectString() + " has no quorum after " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));   // polling a child process: no event
        }
    }

    /** The index of the current leader, or -1 if no member says it leads. */
    int leader() {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).isAlive() && !members.get(i).isPaused() && mode(i).equals("leader")) {
                return i;
            }
        }
        return -1;
    }

    /** The member's mode from the {@code srvr} four-letter word: leader, follower, or {@code down}. */
    String mode(int i) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(hosts.get(i)), clientPorts.get(i)), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : reply.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring("Mode: ".length()).strip();
                }
            }
            return "down";
        } catch (IOException e) {
            return "down";
        }
    }
}
