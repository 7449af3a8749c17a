package io.dlog.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a ZooKeeper server says about itself through its four-letter words, for tests that count requests. */
public final class ZkServerStats {
    private static final Pattern RECEIVED = Pattern.compile("Received: (\\d+)");

    private ZkServerStats() {
    }

    /**
     * The number of requests the first server of a connect string received so far ({@code srvr}).
     *
     * @param connectString host:port[,host:port...]
     */
    public static long requestsReceived(String connectString) throws IOException {
        String[] hostPort = connectString.split(",")[0].split(":");
        try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String text = buf.toString(StandardCharsets.US_ASCII);
            Matcher m = RECEIVED.matcher(text);
            if (!m.find()) {
                throw new IOException("no request count in the srvr answer: " + text);
            }
            return Long.parseLong(m.group(1));
        }
    }
}
