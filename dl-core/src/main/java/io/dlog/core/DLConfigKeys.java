package io.dlog.core;

import java.util.List;

/**
 * Every configuration key of dl-core, with its default and meaning. {@code conf/dlog.conf} documents each one;
 * a test keeps the two in step.
 */
public final class DLConfigKeys {
    private static final String MS = "ms";
    private static final String BYTES = "bytes";

    /** ZooKeeper session timeout: how long a silent owner keeps its write locks. */
    public static final ConfigKey<Long> ZK_SESSION_TIMEOUT_MS = ConfigKey.ofLong("zookeeper.session.timeout.ms",
            30_000, MS, "1000..600000", v -> v >= 1000 && v <= 600_000,
            "ZooKeeper session timeout. A writer whose session expires loses its write lock and is fenced.");
    /** How long building a namespace waits for the first ZooKeeper connection. */
    public static final ConfigKey<Long> ZK_CONNECT_TIMEOUT_MS = ConfigKey.ofLong("zookeeper.connect.timeout.ms",
            15_000, MS, "100..600000", v -> v >= 100 && v <= 600_000,
            "How long opening a namespace waits for ZooKeeper before failing with ZOOKEEPER_ERROR.");
    /** Bookies per ledger. */
    public static final ConfigKey<Integer> ENSEMBLE_SIZE = ConfigKey.ofInt("bookkeeper.ensemble.size", 3, "count",
            "1..64", v -> v >= 1 && v <= 64, "Bookies each segment's ledger is striped over (E).");
    /** Copies of each entry. */
    public static final ConfigKey<Integer> WRITE_QUORUM_SIZE = ConfigKey.ofInt("bookkeeper.write.quorum.size", 3,
            "count", "1..ensemble", v -> v >= 1 && v <= 64, "Bookies each entry is written to (Qw <= E).");
    /** Acks needed before a write is acknowledged. */
    public static final ConfigKey<Integer> ACK_QUORUM_SIZE = ConfigKey.ofInt("bookkeeper.ack.quorum.size", 2,
            "count", "1..write quorum", v -> v >= 1 && v <= 64,
            "Bookie acks an entry needs before its records are acknowledged (Qa <= Qw).");
    /** Root of the BookKeeper cluster's metadata in the same ZooKeeper. */
    public static final ConfigKey<String> LEDGERS_PATH = ConfigKey.ofString("bookkeeper.ledgers.path", "/ledgers",
            "an absolute ZooKeeper path", v -> v.startsWith("/") && v.length() > 1,
            "Where the BookKeeper cluster keeps its metadata in ZooKeeper; used when a namespace is created.");
    /** The ledger password. */
    public static final ConfigKey<String> LEDGER_PASSWORD = ConfigKey.ofString("bookkeeper.ledger.password", "",
            "any string", v -> true,
            "Password of every ledger dlog creates (an access key checked by bookies). Never logged.");
    /** BookKeeper add/read timeout. */
    public static final ConfigKey<Long> BK_TIMEOUT_MS = ConfigKey.ofLong("bookkeeper.timeout.ms", 30_000, MS,
            "1000..600000", v -> v >= 1000 && v <= 600_000,
            "How long a bookie may take to answer an add or a read before the client replaces or fails it.");
    /** The largest frame the bookies and the BookKeeper client accept. */
    public static final ConfigKey<Integer> BK_FRAME_MAX_BYTES = ConfigKey.ofInt("bookkeeper.frame.max.bytes",
            5 << 20, BYTES, "1048576..1073741824", v -> v >= 1 << 20 && v <= 1 << 30,
            "The largest network frame the bookies accept (their nettyMaxFrameSizeBytes); record.max.bytes and "
                    + "writer.batch.max.bytes are checked against it.");
    /** Entry size that triggers a send. */
    public static final ConfigKey<Integer> BATCH_MAX_BYTES = ConfigKey.ofInt("writer.batch.max.bytes", 524_288,
            BYTES, "0..16777216", v -> v >= 0 && v <= 16 << 20,
            "An entry (record set) is sent when it reaches this size. 0 sends every record as its own entry.");
    /** Max wait before a partial entry is sent. */
    public static final ConfigKey<Long> FLUSH_INTERVAL_MS = ConfigKey.ofLong("writer.flush.interval.ms", 1, MS,
            "0..10000", v -> v >= 0 && v <= 10_000,
            "While an entry is outstanding, the next one is sent at the writer's next flush tick; ticks come this "
                    + "often, so a record waits at most this long (with none outstanding a record goes out at once). "
                    + "An idle writer publishes its last entry to readers after this long. 0 does both at once.");
    /** Bound on bytes accepted but not yet acknowledged, per writer. */
    public static final ConfigKey<Long> MAX_PENDING_BYTES = ConfigKey.ofLong("writer.max.pending.bytes",
            64L << 20, BYTES, ">= 1048576", v -> v >= 1 << 20,
            "Bytes a writer holds unacknowledged; past it writes fail fast with OVER_CAPACITY.");
    /** How long opening a writer waits for the write lock. */
    public static final ConfigKey<Long> LOCK_TIMEOUT_MS = ConfigKey.ofLong("writer.lock.timeout.ms", 5_000, MS,
            "0..3600000", v -> v >= 0 && v <= 3_600_000,
            "How long opening a writer waits for another owner's write lock before LOCKING_EXCEPTION.");
    /** How many writers a namespace opens at once. */
    public static final ConfigKey<Integer> WRITER_OPEN_THREADS = ConfigKey.ofInt("writer.open.threads", 16, "count",
            "1..256", v -> v >= 1 && v <= 256,
            "Writers a namespace opens at once (lock, fencing recovery of the previous owner's segment, new "
                    + "segment: blocking ZooKeeper and BookKeeper round trips, on their own pool so that opens do "
                    + "not delay rolls). A write proxy taking over a dead proxy's streams opens this many at a time.");
    /** Entry compression. */
    public static final ConfigKey<String> COMPRESSION = ConfigKey.ofString("writer.compression", "none",
            "none, lz4 or zstd", v -> v.equals("none") || v.equals("lz4") || v.equals("zstd"),
            "Compression of each entry's record set.");
    /** Largest record. */
    public static final ConfigKey<Integer> RECORD_MAX_BYTES = ConfigKey.ofInt("record.max.bytes", 1_048_576,
            BYTES, "1..16777216", v -> v >= 1 && v <= 16 << 20,
            "Largest payload of one record; larger ones fail with TOO_LARGE_RECORD.");
    /** Segment size that triggers a roll. */
    public static final ConfigKey<Long> SEGMENT_MAX_BYTES = ConfigKey.ofLong("segment.max.bytes", 268_435_456L,
            BYTES, ">= 1024", v -> v >= 1024, "A segment is sealed and a new one started at this size.");
    /** Segment age that triggers a roll. */
    public static final ConfigKey<Long> SEGMENT_ROLL_INTERVAL_MS = ConfigKey.ofLong("segment.roll.interval.ms",
            7_200_000L, MS, "0 (off) or >= 10", v -> v == 0 || v >= 10,
            "A non-empty segment is sealed and a new one started at this age, even on an idle log. 0: off.");
    /** Time-based retention. */
    public static final ConfigKey<Long> RETENTION_MS = ConfigKey.ofLong("retention.ms", -1, MS,
            "-1 (forever) or >= 0", v -> v >= -1,
            "Completed segments older than this are deleted (never the last segment). -1 keeps them forever.");
    /** Size-based retention. */
    public static final ConfigKey<Long> RETENTION_BYTES = ConfigKey.ofLong("retention.bytes", -1, BYTES,
            "-1 (unbounded) or >= 0", v -> v >= -1,
            "The oldest completed segments are deleted until the log fits (never the last). -1: no limit.");
    /** How often retention checks the logs. */
    public static final ConfigKey<Long> RETENTION_CHECK_INTERVAL_MS = ConfigKey.ofLong(
            "retention.check.interval.ms", 60_000, MS, ">= 10", v -> v >= 10,
            "How often the retention service looks at each log.");
    /** Create logs when a writer opens them. */
    public static final ConfigKey<Boolean> CREATE_IF_MISSING = ConfigKey.ofBoolean("log.create.if.missing", true,
            "Opening a writer on a missing log creates it. Readers of a missing log fail LOG_NOT_FOUND.");
    /** Reader cache bound. */
    public static final ConfigKey<Long> READAHEAD_MAX_BYTES = ConfigKey.ofLong("reader.readahead.max.bytes",
            16L << 20, BYTES, ">= 65536", v -> v >= 65_536, "Bytes each reader reads ahead and caches.");
    /** Idle reader reporting. */
    public static final ConfigKey<Long> READER_IDLE_WARN_MS = ConfigKey.ofLong("reader.idle.warn.ms", 120_000, MS,
            "0 (off) or >= 100", v -> v == 0 || v >= 100,
            "A reader that got no record for this long at a tail that is not moving is reported (log + metric).");

    /** How long one long-poll at the tail waits. */
    public static final ConfigKey<Long> READER_LONG_POLL_TIMEOUT_MS = ConfigKey.ofLong(
            "reader.long.poll.timeout.ms", 100, MS, "10..60000", v -> v >= 10 && v <= 60_000,
            "How long a tailing reader's BookKeeper long-poll waits for the next entry. A bookie that lags the "
                    + "one a reader last heard from can drop the poll's watcher (BookKeeper 4.17.3; the reader "
                    + "backs such polls up after 5 ms, docs/reading.md), and this bounds any remaining miss; each "
                    + "idle reader polls one bookie this often.");

    /** Time and size retention keep what durable subscriptions have not consumed. */
    public static final ConfigKey<Boolean> RETENTION_RESPECT_SUBSCRIPTIONS = ConfigKey.ofBoolean(
            "retention.respect.subscriptions", false,
            "When true, retention.ms and retention.bytes never release a segment holding a record after the slowest "
                    + "durable subscription's committed position (all of them while a subscription has committed "
                    + "nothing). Per-log override: dlog log config LOG --set retention.respect.subscriptions=true.");

    /** Completed segments are read on BookKeeper's v2 wire protocol. */
    public static final ConfigKey<Boolean> BK_READ_V2_PROTOCOL = ConfigKey.ofBoolean("bookkeeper.read.v2.protocol",
            true, "Readers read completed segments through a second BookKeeper client on the v2 wire protocol, on "
                    + "which neither the bookie nor the client copies each entry through a protobuf message; the tail "
                    + "(long-poll), writes and recovery stay on v3. false reads everything on v3, with one client and "
                    + "one ZooKeeper session fewer per namespace.");

    /** Every key, in documentation order. */
    public static final List<ConfigKey<?>> ALL = List.of(ZK_SESSION_TIMEOUT_MS, ZK_CONNECT_TIMEOUT_MS,
            ENSEMBLE_SIZE, WRITE_QUORUM_SIZE, ACK_QUORUM_SIZE, LEDGERS_PATH, LEDGER_PASSWORD, BK_TIMEOUT_MS,
            BATCH_MAX_BYTES, FLUSH_INTERVAL_MS, MAX_PENDING_BYTES, LOCK_TIMEOUT_MS, COMPRESSION, RECORD_MAX_BYTES,
            SEGMENT_MAX_BYTES, SEGMENT_ROLL_INTERVAL_MS, RETENTION_MS, RETENTION_BYTES,
            RETENTION_CHECK_INTERVAL_MS, CREATE_IF_MISSING, READAHEAD_MAX_BYTES, READER_IDLE_WARN_MS,
            READER_LONG_POLL_TIMEOUT_MS, BK_FRAME_MAX_BYTES, RETENTION_RESPECT_SUBSCRIPTIONS, WRITER_OPEN_THREADS,
            BK_READ_V2_PROTOCOL);

    private DLConfigKeys() {
    }
}
