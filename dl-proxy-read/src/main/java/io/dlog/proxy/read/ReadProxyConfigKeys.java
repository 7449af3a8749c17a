package io.dlog.proxy.read;

import io.dlog.core.ConfigKey;
import java.util.List;

/**
 * Every configuration key of the read proxy ({@code read.proxy.*}), with its default and meaning.
 * {@code conf/read_proxy.conf} documents each one; a test keeps the two in step.
 */
public final class ReadProxyConfigKeys {
    private static final String MS = "ms";
    private static final String BYTES = "bytes";
    private static final String COUNT = "count";

    /** Address the client port binds. */
    public static final ConfigKey<String> BIND_ADDRESS = ConfigKey.ofString("read.proxy.bind.address",
            "127.0.0.1", "an IP address or host name", v -> !v.isBlank(),
            "Address the client port listens on. 0.0.0.0 listens on every interface.");
    /** Address clients are told to use. */
    public static final ConfigKey<String> ADVERTISED_ADDRESS = ConfigKey.ofString("read.proxy.advertised.address",
            "", "empty or a host name or IP", v -> !v.contains(":") && !v.contains(" "),
            "Host written into the proxy's registration, which clients learn from every handshake. Empty: the bind "
                    + "address, or the local host name when binding 0.0.0.0.");
    /** Client port. */
    public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("read.proxy.port", 7003, "port", "0..65535",
            v -> v >= 0 && v <= 65_535,
            "TCP port for clients (dlog read-proxy --port overrides it). 0: any free port.");
    /** Admin (metrics, health) address. */
    public static final ConfigKey<String> ADMIN_ADDRESS = ConfigKey.ofString("read.proxy.admin.address",
            "127.0.0.1", "an IP address or host name", v -> !v.isBlank(),
            "Address of the /metrics and /health endpoint.");
    /** Admin port. */
    public static final ConfigKey<Integer> ADMIN_PORT = ConfigKey.ofInt("read.proxy.admin.port", 0, "port",
            "-1 (off) or 0..65535", v -> v >= -1 && v <= 65_535,
            "Port of /metrics and /health (dlog read-proxy --admin-port overrides it). 0: any free port; -1: off.");
    /** Netty I/O threads. */
    public static final ConfigKey<Integer> IO_THREADS = ConfigKey.ofInt("read.proxy.io.threads", 0, COUNT,
            "0..256", v -> v >= 0 && v <= 256,
            "Event-loop threads serving connections. 0: twice the available processors.");
    /** Threads that run the streams' fan-out. */
    public static final ConfigKey<Integer> FEED_THREADS = ConfigKey.ofInt("read.proxy.feed.threads", 2, COUNT,
            "1..256", v -> v >= 1 && v <= 256,
            "Threads that hand records from the core readers to subscribers, apply credit grants and open "
                    + "readers; never the event loops, which only decode and send.");
    /** Largest frame accepted. */
    public static final ConfigKey<Integer> FRAME_MAX_BYTES = ConfigKey.ofInt("read.proxy.frame.max.bytes",
            1 << 20, BYTES, "1024..268435456", v -> v >= 1024 && v <= 256 << 20,
            "Largest request frame accepted; a longer one is skipped and answered MALFORMED_REQUEST.");
    /** Per-stream cache. */
    public static final ConfigKey<Long> CACHE_MAX_BYTES = ConfigKey.ofLong("read.proxy.cache.max.bytes",
            16L << 20, BYTES, ">= 1024", v -> v >= 1024,
            "Payload bytes of recent records each stream keeps for the subscribers near its tail. A subscriber "
                    + "whose next record has left the cache gets a catch-up reader of its own.");
    /** Catch-up readers. */
    public static final ConfigKey<Integer> CATCHUP_MAX_READERS = ConfigKey.ofInt("read.proxy.catchup.max.readers",
            64, COUNT, "0..100000", v -> v >= 0 && v <= 100_000,
            "Core readers this proxy runs for subscribers behind the cache (all streams together). A subscriber "
                    + "that needs one when none is free ends with OVER_CAPACITY (the client retries).");
    /** Subscribers. */
    public static final ConfigKey<Integer> MAX_READERS = ConfigKey.ofInt("read.proxy.max.readers", 100_000,
            COUNT, "1..10000000", v -> v >= 1 && v <= 10_000_000,
            "Readers (subscribers) this proxy serves at once; one more is refused OVER_CAPACITY.");
    /** Credit timeout. */
    public static final ConfigKey<Long> CREDIT_TIMEOUT_MS = ConfigKey.ofLong("read.proxy.credit.timeout.ms",
            30_000, MS, "100..86400000", v -> v >= 100 && v <= 86_400_000,
            "A reader that has had no credit for this long (its client stopped reading) is ended with TIMEOUT "
                    + "and its resources freed; the client resumes it when its application reads again.");
    /** Batch records. */
    public static final ConfigKey<Integer> BATCH_MAX_RECORDS = ConfigKey.ofInt("read.proxy.batch.max.records",
            1000, COUNT, "1..100000", v -> v >= 1 && v <= 100_000,
            "Most records in one READ_RECORDS frame (and in one core read).");
    /** Batch bytes. */
    public static final ConfigKey<Integer> BATCH_MAX_BYTES = ConfigKey.ofInt("read.proxy.batch.max.bytes",
            1 << 20, BYTES, "1024..67108864", v -> v >= 1024 && v <= 64 << 20,
            "Payload bytes after which a READ_RECORDS frame is closed (a single larger record still goes alone). "
                    + "Clients must accept frames of this size plus record.max.bytes.");

    /** Every key, in documentation order. */
    public static final List<ConfigKey<?>> ALL = List.of(BIND_ADDRESS, ADVERTISED_ADDRESS, PORT, ADMIN_ADDRESS,
            ADMIN_PORT, IO_THREADS, FEED_THREADS, FRAME_MAX_BYTES, CACHE_MAX_BYTES, CATCHUP_MAX_READERS, MAX_READERS,
            CREDIT_TIMEOUT_MS, BATCH_MAX_RECORDS, BATCH_MAX_BYTES);

    private ReadProxyConfigKeys() {
    }
}
