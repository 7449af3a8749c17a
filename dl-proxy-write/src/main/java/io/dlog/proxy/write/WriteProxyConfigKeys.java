package io.dlog.proxy.write;

import io.dlog.core.ConfigKey;
import java.util.List;

/**
 * Every configuration key of the write proxy ({@code proxy.*}), with its default and meaning.
 * {@code conf/write_proxy.conf} documents each one; a test keeps the two in step.
 */
public final class WriteProxyConfigKeys {
    private static final String MS = "ms";
    private static final String BYTES = "bytes";
    private static final String COUNT = "count";

    /** Address the client port binds. */
    public static final ConfigKey<String> BIND_ADDRESS = ConfigKey.ofString("proxy.bind.address", "127.0.0.1",
            "an IP address or host name", v -> !v.isBlank(),
            "Address the client port listens on. 0.0.0.0 listens on every interface.");
    /** Address other proxies and clients are told to use. */
    public static final ConfigKey<String> ADVERTISED_ADDRESS = ConfigKey.ofString("proxy.advertised.address", "",
            "empty or a host name or IP", v -> !v.contains(":") && !v.contains(" "),
            "Host written into the proxy's registration and into the lock of every stream it owns, so that other "
                    + "proxies redirect clients here (FOUND). Empty: the bind address, or the local host name "
                    + "when binding 0.0.0.0.");
    /** Client port. */
    public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("proxy.port", 7002, "port", "0..65535",
            v -> v >= 0 && v <= 65_535, "TCP port for clients (dlog write-proxy --port overrides it). 0: any free port.");
    /** Admin (metrics, health) address. */
    public static final ConfigKey<String> ADMIN_ADDRESS = ConfigKey.ofString("proxy.admin.address", "127.0.0.1",
            "an IP address or host name", v -> !v.isBlank(), "Address of the /metrics and /health endpoint.");
    /** Admin port. */
    public static final ConfigKey<Integer> ADMIN_PORT = ConfigKey.ofInt("proxy.admin.port", 0, "port",
            "-1 (off) or 0..65535", v -> v >= -1 && v <= 65_535,
            "Port of /metrics and /health (dlog write-proxy --admin-port overrides it). 0: any free port; -1: off.");
    /** Netty I/O threads. */
    public static final ConfigKey<Integer> IO_THREADS = ConfigKey.ofInt("proxy.io.threads", 0, COUNT, "0..256",
            v -> v >= 0 && v <= 256, "Event-loop threads serving connections. 0: twice the available processors.");
    /** Threads for blocking core calls. */
    public static final ConfigKey<Integer> BLOCKING_THREADS = ConfigKey.ofInt("proxy.blocking.threads", 8, COUNT,
            "1..256", v -> v >= 1 && v <= 256,
            "Threads that run blocking core calls (create, delete, owner look-ups), never the event loops.");
    /** Largest frame. */
    public static final ConfigKey<Integer> FRAME_MAX_BYTES = ConfigKey.ofInt("proxy.frame.max.bytes", 4 << 20,
            BYTES, "1024..268435456", v -> v >= 1024 && v <= 256 << 20,
            "Largest request frame; a longer one is skipped and answered MALFORMED_REQUEST (the connection stays "
                    + "open). Must exceed record.max.bytes plus a few hundred bytes of header.");
    /** Per-stream in-flight bound. */
    public static final ConfigKey<Long> STREAM_MAX_INFLIGHT_BYTES = ConfigKey.ofLong(
            "proxy.stream.max.inflight.bytes", 16L << 20, BYTES, ">= 65536", v -> v >= 65_536,
            "Bytes (payload plus record framing) of one stream accepted but not yet acknowledged; past it writes "
                    + "fail OVER_CAPACITY. "
                    + "Must not exceed writer.max.pending.bytes.");
    /** Proxy-wide in-flight bound. */
    public static final ConfigKey<Long> MAX_INFLIGHT_BYTES = ConfigKey.ofLong("proxy.max.inflight.bytes",
            256L << 20, BYTES, ">= 65536", v -> v >= 65_536,
            "Bytes (payload plus record framing) of all streams accepted but not yet acknowledged; past it writes "
                    + "fail OVER_CAPACITY.");
    /** Streams owned at once. */
    public static final ConfigKey<Integer> MAX_STREAMS = ConfigKey.ofInt("proxy.max.streams", 10_000, COUNT,
            "1..10000000", v -> v >= 1 && v <= 10_000_000,
            "Streams this proxy owns at once; a request for one more fails TOO_MANY_STREAMS.");
    /** Probation after a failure or a release. */
    public static final ConfigKey<Long> STREAM_PROBATION_MS = ConfigKey.ofLong("proxy.stream.probation.ms", 1_000,
            MS, "0..600000", v -> v >= 0 && v <= 600_000,
            "After a stream's writer failed or the stream was released, this proxy answers its requests from "
                    + "memory (STREAM_UNAVAILABLE, or FOUND once another proxy took it) for this long before trying "
                    + "to own it again, so that ownership does not flap.");
    /** How long a FOUND answer is reused. */
    public static final ConfigKey<Long> OWNER_CACHE_MS = ConfigKey.ofLong("proxy.owner.cache.ms", 200, MS,
            "0..60000", v -> v >= 0 && v <= 60_000,
            "How long this proxy reuses a FOUND answer (another proxy holds the lock) before reading the lock "
                    + "again. Short, so that a stream whose owner died is taken soon after that owner's session "
                    + "expires.");
    /** Idle release. */
    public static final ConfigKey<Long> STREAM_IDLE_RELEASE_MS = ConfigKey.ofLong("proxy.stream.idle.release.ms",
            300_000, MS, "0 (off) or >= 100", v -> v == 0 || v >= 100,
            "A stream with no request for this long is released: its writer closed, its lock given up, its memory "
                    + "freed. 0: never.");
    /** Drain bound. */
    public static final ConfigKey<Long> DRAIN_TIMEOUT_MS = ConfigKey.ofLong("proxy.drain.timeout.ms", 30_000, MS,
            "100..3600000", v -> v >= 100 && v <= 3_600_000,
            "How long a graceful stop (SIGTERM, drain) waits for in-flight writes and lock releases.");

    /** Every key, in documentation order. */
    public static final List<ConfigKey<?>> ALL = List.of(BIND_ADDRESS, ADVERTISED_ADDRESS, PORT, ADMIN_ADDRESS,
            ADMIN_PORT, IO_THREADS, BLOCKING_THREADS, FRAME_MAX_BYTES, STREAM_MAX_INFLIGHT_BYTES,
            MAX_INFLIGHT_BYTES, MAX_STREAMS, STREAM_PROBATION_MS, OWNER_CACHE_MS, STREAM_IDLE_RELEASE_MS, DRAIN_TIMEOUT_MS);

    private WriteProxyConfigKeys() {
    }
}
