package io.dlog.client;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code host:port} lists. */
final class HostPorts {
    private HostPorts() {
    }

    static List<String> parseList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(check(p));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no proxy address in '" + text + "'");
        }
        return out;
    }

    static String check(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("proxy address must be host:port: '" + hostPort + "'");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in proxy address '" + hostPort + "'", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in proxy address '" + hostPort + "'");
        }
        return hostPort;
    }
}
