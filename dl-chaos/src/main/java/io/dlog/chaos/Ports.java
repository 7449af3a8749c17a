package io.dlog.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free loopback ports, chosen by the OS (port 0); the ones a run's nodes keep for their whole life. */
final class Ports {

    private Ports() {
    }

    /**
     * Picks {@code n} distinct free ports: all are held open together, so they differ, then released for the nodes.
     * Another process could take one in between; a node that cannot bind then fails to start, loudly.
     */
    static List<Integer> free(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
