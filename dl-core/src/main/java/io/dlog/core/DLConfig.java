package io.dlog.core;

import io.dlog.protocol.entry.RecordSetWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The configuration of a namespace and of the writers and readers it opens. Immutable and thread-safe.
 *
 * <p>Made by {@link #defaults()}, {@link #fromProperties(Properties)} or {@link #builder()}. Every key is a
 * {@link ConfigKey} in {@link DLConfigKeys}; unknown keys and invalid values fail fast with an
 * {@link IllegalArgumentException} that names the key.
 */
public final class DLConfig {
    private static final DLConfig DEFAULTS = new Builder().build();

    private final Map<String, Object> values;

    private DLConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Returns the configuration with every key at its default. */
    public static DLConfig defaults() {
        return DEFAULTS;
    }

    /** Returns a builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration from properties.
     *
     * @param props keys of {@link DLConfigKeys}; missing keys take their defaults
     * @return the configuration
     * @throws IllegalArgumentException for an unknown key or an invalid value, naming it
     */
    public static DLConfig fromProperties(Properties props) {
        Builder b = builder();
        TreeSet<String> unknown = new TreeSet<>();
        for (String name : props.stringPropertyNames()) {
            ConfigKey<?> key = keyNamed(name);
            if (key == null) {
                unknown.add(name);
            } else {
                b.values.put(name, key.parse(props.getProperty(name)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown config keys " + unknown + "; see conf/dlog.conf for the "
                    + "keys dlog knows");
        }
        return b.build();
    }

    /**
     * Returns a key's value.
     *
     * @param key a key of {@link DLConfigKeys}
     * @param <T> its type
     * @return the configured or default value
     */
    public <T> T get(ConfigKey<T> key) {
        return key.type().cast(values.get(key.name()));
    }

    /** Returns a builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /** Returns every key with its value, in documentation order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Returns {@code zookeeper.session.timeout.ms}. */
    public Duration zkSessionTimeout() {
        return Duration.ofMillis(get(DLConfigKeys.ZK_SESSION_TIMEOUT_MS));
    }

    /** Returns {@code writer.flush.interval.ms}. */
    public Duration flushInterval() {
        return Duration.ofMillis(get(DLConfigKeys.FLUSH_INTERVAL_MS));
    }

    /** Returns {@code writer.lock.timeout.ms}. */
    public Duration lockTimeout() {
        return Duration.ofMillis(get(DLConfigKeys.LOCK_TIMEOUT_MS));
    }

    static ConfigKey<?> keyNamed(String name) {
        for (ConfigKey<?> key : DLConfigKeys.ALL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DLConfig c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Prints every key and value, except the ledger password. */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.computeIfPresent(DLConfigKeys.LEDGER_PASSWORD.name(), (k, v) -> "****");
        return "DLConfig" + shown;
    }

    /** Builds a {@link DLConfig}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
            for (ConfigKey<?> key : DLConfigKeys.ALL) {
                values.put(key.name(), key.defaultValue());
            }
        }

        /**
         * Sets a key.
         *
         * @param key the key
         * @param value its value
         * @param <T> the type
         * @return this builder
         * @throws IllegalArgumentException if the value is invalid for the key
         */
        public <T> Builder set(ConfigKey<T> key, T value) {
            Objects.requireNonNull(key, "key");
            values.put(key.name(), key.validate(value));
            return this;
        }

        /**
         * Checks the keys against each other and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException if the quorum sizes do not satisfy Qa &lt;= Qw &lt;= E, if the largest
         *     entry that {@code record.max.bytes} and {@code writer.batch.max.bytes} allow does not fit in
         *     {@code bookkeeper.frame.max.bytes}, or if {@code writer.max.pending.bytes} cannot hold one record of
         *     {@code record.max.bytes}
         */
        public DLConfig build() {
            int e = (Integer) values.get(DLConfigKeys.ENSEMBLE_SIZE.name());
            int qw = (Integer) values.get(DLConfigKeys.WRITE_QUORUM_SIZE.name());
            int qa = (Integer) values.get(DLConfigKeys.ACK_QUORUM_SIZE.name());
            if (qa > qw || qw > e) {
                throw new IllegalArgumentException("quorums must satisfy ack (" + qa + ") <= write (" + qw
                        + ") <= ensemble (" + e + ")");
            }
            checkEntryLimits();
            return new DLConfig(values);
        }

        /**
         * An entry is one record set: up to {@code writer.batch.max.bytes}, or one record alone when it is larger.
         * Bookies drop a frame above their limit (and with it every add in flight on that connection, whatever
         * the log), so the largest entry, with its framing and a worst-case compression expansion, must fit.
         */
        private void checkEntryLimits() {
            int record = (Integer) values.get(DLConfigKeys.RECORD_MAX_BYTES.name());
            int batch = (Integer) values.get(DLConfigKeys.BATCH_MAX_BYTES.name());
            int frame = (Integer) values.get(DLConfigKeys.BK_FRAME_MAX_BYTES.name());
            long pending = (Long) values.get(DLConfigKeys.MAX_PENDING_BYTES.name());
            long oneRecord = RecordSetWriter.recordBytes(record);
            long entry = Math.max(batch, oneRecord);
            long needed = entryFrameBytes(entry);
            if (needed > frame) {
                throw new IllegalArgumentException("record.max.bytes=" + record + " and writer.batch.max.bytes="
                        + batch + " allow entries of " + entry + " bytes, which need frames of up to " + needed
                        + " bytes: over bookkeeper.frame.max.bytes=" + frame + " (the bookies' frame limit); "
                        + "lower them, or raise the bookies' nettyMaxFrameSizeBytes and bookkeeper.frame.max.bytes");
            }
            if (pending < oneRecord) {
                throw new IllegalArgumentException("writer.max.pending.bytes=" + pending + " cannot hold one record "
                        + "of record.max.bytes=" + record + " (" + oneRecord + " bytes with its header); raise it "
                        + "to at least " + oneRecord + " or lower record.max.bytes");
            }
        }
    }

    /** Framing reserve: BookKeeper's request and digest headers, and the record-set header. */
    static final int FRAME_RESERVE_BYTES = 16 << 10;

    /**
     * Returns the frame an entry of {@code entryBytes} may need: the entry, a compression expansion of at most
     * 1/64 (LZ4 and Zstd stay well below it on incompressible data) and the framing reserve.
     *
     * @param entryBytes the record set's uncompressed size
     * @return the bytes its add request may take on the wire
     */
    static long entryFrameBytes(long entryBytes) {
        return entryBytes + entryBytes / 64 + FRAME_RESERVE_BYTES;
    }
}
