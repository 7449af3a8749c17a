package io.dlog.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The client's settings; built by {@link DLClientBuilder}, which supplies the defaults below and validates.
 *
 * @param proxies bootstrap addresses ({@code host:port}), at least one; any write or read proxy
 * @param clientId who this client is (in the proxies' logs and metrics), 1 to 255 UTF-8 bytes; default
 *     {@code dlog-client}
 * @param requestTimeout how long a call may take, retries and redirects included (default 30 s)
 * @param connectTimeout how long to wait for a TCP connection and handshake (default 5 s)
 * @param maxRedirects how many times one call may be sent again after a redirect or a retryable rejection
 *     (default 8)
 * @param backoffInitial the first retry delay after a rejection (default 10 ms); a {@code FOUND} redirect to a
 *     known owner is resent at once the first time
 * @param backoffMax the largest retry delay (default 1 s); also how long an unreachable proxy is avoided
 * @param maxFrameBytes the largest frame the client sends or accepts (default 8 MiB)
 * @param checksums whether requests carry a CRC32C of stream name and payload (default true)
 * @param readerWindowRecords a remote reader's window: the most records a read proxy may send it ahead of what the
 *     application has consumed (default 1000)
 * @param readerWindowBytes the same in payload bytes (default 4 MiB)
 * @param coalesceMaxRecords the most single-record writes to one stream sent as one request (default 1000); 1
 *     turns coalescing off (every write is its own request, pipelined)
 * @param coalesceMaxBytes the most record bytes (payloads plus 4 bytes each) in one coalesced request (default
 *     128 KiB); a coalesced request also always fits {@code maxFrameBytes}
 */
public record ClientConfig(List<String> proxies, String clientId, Duration requestTimeout, Duration connectTimeout,
                           int maxRedirects, Duration backoffInitial, Duration backoffMax, int maxFrameBytes,
                           boolean checksums, int readerWindowRecords, long readerWindowBytes,
                           int coalesceMaxRecords, int coalesceMaxBytes) {
    /** Validates the settings. */
    public ClientConfig {
        proxies = List.copyOf(proxies);
        if (proxies.isEmpty()) {
            throw new IllegalArgumentException("at least one proxy address is needed");
        }
        for (String p : proxies) {
            HostPorts.check(p);
        }
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isEmpty() || clientId.length() > 255) {
            throw new IllegalArgumentException("clientId must be 1 to 255 characters");
        }
        positive(requestTimeout, "requestTimeout");
        positive(connectTimeout, "connectTimeout");
        positive(backoffInitial, "backoffInitial");
        positive(backoffMax, "backoffMax");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
        }
        if (readerWindowRecords < 2 || readerWindowBytes < 1024) {
            throw new IllegalArgumentException("reader window must be at least 2 records and 1024 bytes: "
                    + readerWindowRecords + ", " + readerWindowBytes);
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024: " + maxFrameBytes);
        }
        if (coalesceMaxRecords < 1) {
            throw new IllegalArgumentException("coalesceMaxRecords must be at least 1: " + coalesceMaxRecords);
        }
        if (coalesceMaxBytes < 1) {
            throw new IllegalArgumentException("coalesceMaxBytes must be at least 1: " + coalesceMaxBytes);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
