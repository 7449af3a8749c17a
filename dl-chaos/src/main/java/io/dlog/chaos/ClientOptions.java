package io.dlog.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of one client process.
 *
 * @param uri           the namespace
 * @param client        the client name and incarnation, e.g. {@code c1-2}; prefixes every payload it writes
 * @param logs          the logs it writes (competing with other clients for their locks) and tails
 * @param historyDir    where its history file goes
 * @param ratePerLog    records per second it offers to each log it owns
 * @param sessionMillis its ZooKeeper session timeout
 * @param proxies       empty for a client that embeds dl-core; else a remote client's bootstrap addresses
 *                      ({@code host:port,...}: the write and read proxies)
 */
public record ClientOptions(URI uri, String client, List<String> logs, Path historyDir, int ratePerLog,
                            long sessionMillis, String proxies) {

    /** Copies the list. */
    public ClientOptions {
        logs = List.copyOf(logs);
        proxies = proxies == null ? "" : proxies;
    }

    /** Whether this is a remote client of the proxies. */
    boolean remote() {
        return !proxies.isEmpty();
    }

    /** The command-line form, parsed back by {@link #parse}. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--uri", uri.toString(), "--client", client, "--logs",
                String.join(",", logs), "--dir", historyDir.toString(), "--rate", Integer.toString(ratePerLog),
                "--session-ms", Long.toString(sessionMillis)));
        if (remote()) {
            args.addAll(List.of("--proxies", proxies));
        }
        return args;
    }

    /** Parses {@code --name value} pairs as written by {@link #toArgs()}. */
    static ClientOptions parse(String[] args) {
        String uri = null;
        String client = null;
        List<String> logs = new ArrayList<>();
        Path dir = null;
        int rate = 50;
        long session = 4000;
        String proxies = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--uri" -> uri = v;
                case "--client" -> client = v;
                case "--logs" -> logs = List.of(v.split(","));
                case "--dir" -> dir = Path.of(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--session-ms" -> session = Long.parseLong(v);
                case "--proxies" -> proxies = v;
                default -> throw new IllegalArgumentException("unknown client option " + args[i]);
            }
        }
        if (uri == null || client == null || dir == null || logs.isEmpty()) {
            throw new IllegalArgumentException("client needs --uri, --client, --logs and --dir");
        }
        return new ClientOptions(URI.create(uri), client, logs, dir, rate, session, proxies);
    }
}
