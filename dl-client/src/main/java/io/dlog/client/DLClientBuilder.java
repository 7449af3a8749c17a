package io.dlog.client;

import io.dlog.client.internal.RemoteClient;
import io.dlog.protocol.wire.WireFormat;
import java.time.Duration;
import java.util.List;

/** Builds a {@link DLClient}. Not thread-safe; {@link #build()} may be called more than once. */
public final class DLClientBuilder {
    private List<String> proxies;
    private String clientId = "dlog-client";
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int maxRedirects = 8;
    private Duration backoffInitial = Duration.ofMillis(10);
    private Duration backoffMax = Duration.ofSeconds(1);
    private int maxFrameBytes = WireFormat.DEFAULT_MAX_FRAME_BYTES;
    private int readerWindowRecords = 1000;
    private long readerWindowBytes = 4L << 20;
    private boolean checksums = true;
    private int coalesceMaxRecords = 1000;
    private int coalesceMaxBytes = 128 << 10;

    DLClientBuilder() {
    }

    /** Bootstrap addresses, comma-separated {@code host:port} (required). */
    public DLClientBuilder proxies(String hostPorts) {
        this.proxies = HostPorts.parseList(hostPorts);
        return this;
    }

    /** Who this client is, in the proxies' logs and metrics. */
    public DLClientBuilder clientId(String clientId) {
        this.clientId = clientId;
        return this;
    }

    /** How long a call may take, retries included. */
    public DLClientBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    /** How long to wait for a connection and its handshake. */
    public DLClientBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** How many times one call may be resent after redirects and retryable rejections. */
    public DLClientBuilder maxRedirects(int maxRedirects) {
        this.maxRedirects = maxRedirects;
        return this;
    }

    /** The first and the largest retry delay. */
    public DLClientBuilder backoff(Duration initial, Duration max) {
        this.backoffInitial = initial;
        this.backoffMax = max;
        return this;
    }

    /** The largest frame sent or accepted. */
    public DLClientBuilder maxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    /** Whether requests carry a CRC32C. */
    public DLClientBuilder checksums(boolean checksums) {
        this.checksums = checksums;
        return this;
    }

    /**
     * Sets a remote reader's window: how far (in records and payload bytes) a read proxy may push ahead of what the
     * application has read. Default 1000 records, 4 MiB.
     */
    public DLClientBuilder readerWindow(int records, long bytes) {
        this.readerWindowRecords = records;
        this.readerWindowBytes = bytes;
        return this;
    }

    /**
     * Bounds the coalescing of single-record writes: while a request to a stream is in flight, the client gathers
     * that stream's next {@code write} calls and sends them as one request of at most {@code maxRecords} records and
     * {@code maxBytes} record bytes (payloads plus 4 bytes each). Default 1000 records, 128 KiB; {@code maxRecords}
     * 1 turns coalescing off.
     */
    public DLClientBuilder coalesce(int maxRecords, int maxBytes) {
        this.coalesceMaxRecords = maxRecords;
        this.coalesceMaxBytes = maxBytes;
        return this;
    }

    /** Returns the validated settings. */
    public ClientConfig config() {
        if (proxies == null) {
            throw new IllegalStateException("proxies(\"host:port,...\") is required");
        }
        return new ClientConfig(proxies, clientId, requestTimeout, connectTimeout, maxRedirects, backoffInitial,
                backoffMax, maxFrameBytes, checksums, readerWindowRecords, readerWindowBytes, coalesceMaxRecords,
                coalesceMaxBytes);
    }

    /**
     * Starts a client. Connects lazily: the first call connects to a bootstrap proxy.
     *
     * @throws IllegalArgumentException or IllegalStateException for invalid settings
     */
    public DLClient build() {
        return new RemoteClient(config());
    }
}
