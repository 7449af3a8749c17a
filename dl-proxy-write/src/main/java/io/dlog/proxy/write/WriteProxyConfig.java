package io.dlog.proxy.write;

import io.dlog.core.ConfigKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The write proxy's configuration: one field per {@link WriteProxyConfigKeys} key, with typed units.
 * Immutable; made by {@link #defaults()}, {@link #fromProperties(Properties)} or {@link #builder()}.
 *
 * @param bindAddress {@code proxy.bind.address}
 * @param advertisedAddress {@code proxy.advertised.address} (empty: derived)
 * @param port {@code proxy.port}
 * @param adminAddress {@code proxy.admin.address}
 * @param adminPort {@code proxy.admin.port} (-1: off)
 * @param ioThreads {@code proxy.io.threads} (0: Netty's default)
 * @param blockingThreads {@code proxy.blocking.threads}
 * @param frameMaxBytes {@code proxy.frame.max.bytes}
 * @param streamMaxInflightBytes {@code proxy.stream.max.inflight.bytes}
 * @param maxInflightBytes {@code proxy.max.inflight.bytes}
 * @param maxStreams {@code proxy.max.streams}
 * @param probation {@code proxy.stream.probation.ms}
 * @param ownerCache {@code proxy.owner.cache.ms}
 * @param idleRelease {@code proxy.stream.idle.release.ms} (zero: off)
 * @param drainTimeout {@code proxy.drain.timeout.ms}
 */
public record WriteProxyConfig(String bindAddress, String advertisedAddress, int port, String adminAddress,
        int adminPort, int ioThreads, int blockingThreads, int frameMaxBytes, long streamMaxInflightBytes,
        long maxInflightBytes, int maxStreams, Duration probation, Duration ownerCache, Duration idleRelease, Duration drainTimeout) {

    /** Validates every field against its key's rule. */
    public WriteProxyConfig {
        WriteProxyConfigKeys.BIND_ADDRESS.validate(bindAddress);
        WriteProxyConfigKeys.ADVERTISED_ADDRESS.validate(advertisedAddress);
        WriteProxyConfigKeys.PORT.validate(port);
        WriteProxyConfigKeys.ADMIN_ADDRESS.validate(adminAddress);
        WriteProxyConfigKeys.ADMIN_PORT.validate(adminPort);
        WriteProxyConfigKeys.IO_THREADS.validate(ioThreads);
        WriteProxyConfigKeys.BLOCKING_THREADS.validate(blockingThreads);
        WriteProxyConfigKeys.FRAME_MAX_BYTES.validate(frameMaxBytes);
        WriteProxyConfigKeys.STREAM_MAX_INFLIGHT_BYTES.validate(streamMaxInflightBytes);
        WriteProxyConfigKeys.MAX_INFLIGHT_BYTES.validate(maxInflightBytes);
        WriteProxyConfigKeys.MAX_STREAMS.validate(maxStreams);
        WriteProxyConfigKeys.STREAM_PROBATION_MS.validate(Objects.requireNonNull(probation, "probation").toMillis());
        WriteProxyConfigKeys.OWNER_CACHE_MS.validate(Objects.requireNonNull(ownerCache, "ownerCache").toMillis());
        WriteProxyConfigKeys.STREAM_IDLE_RELEASE_MS.validate(
                Objects.requireNonNull(idleRelease, "idleRelease").toMillis());
        WriteProxyConfigKeys.DRAIN_TIMEOUT_MS.validate(
                Objects.requireNonNull(drainTimeout, "drainTimeout").toMillis());
    }

    /** Returns the configuration with every key at its default. */
    public static WriteProxyConfig defaults() {
        return fromMap(Map.of());
    }

    /**
     * Reads the {@code proxy.*} keys of a properties set.
     *
     * @param props the properties; keys that do not start with {@code proxy.} are ignored (they belong to dl-core's
     *     {@code DLConfig}), unknown {@code proxy.*} keys fail
     * @return the configuration
     * @throws IllegalArgumentException for an unknown {@code proxy.*} key or an invalid value, naming it
     */
    public static WriteProxyConfig fromProperties(Properties props) {
        Map<String, Object> values = new LinkedHashMap<>();
        TreeSet<String> unknown = new TreeSet<>();
        for (String name : props.stringPropertyNames()) {
            if (!name.startsWith("proxy.")) {
                continue;
            }
            ConfigKey<?> key = keyNamed(name);
            if (key == null) {
                unknown.add(name);
            } else {
                values.put(name, key.parse(props.getProperty(name)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown write proxy config keys " + unknown
                    + "; see conf/write_proxy.conf for the keys the proxy knows");
        }
        return fromMap(values);
    }

    /** Returns the properties that are not {@code proxy.*} keys (what dl-core's {@code DLConfig} reads). */
    public static Properties withoutProxyKeys(Properties props) {
        Properties rest = new Properties();
        for (String name : props.stringPropertyNames()) {
            if (!name.startsWith("proxy.")) {
                rest.setProperty(name, props.getProperty(name));
            }
        }
        return rest;
    }

    /** Returns a builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns a builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    private static ConfigKey<?> keyNamed(String name) {
        for (ConfigKey<?> key : WriteProxyConfigKeys.ALL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        return null;
    }

    private static <T> T value(Map<String, Object> values, ConfigKey<T> key) {
        return key.type().cast(values.getOrDefault(key.name(), key.defaultValue()));
    }

    private static WriteProxyConfig fromMap(Map<String, Object> v) {
        return new WriteProxyConfig(value(v, WriteProxyConfigKeys.BIND_ADDRESS),
                value(v, WriteProxyConfigKeys.ADVERTISED_ADDRESS), value(v, WriteProxyConfigKeys.PORT),
                value(v, WriteProxyConfigKeys.ADMIN_ADDRESS), value(v, WriteProxyConfigKeys.ADMIN_PORT),
                value(v, WriteProxyConfigKeys.IO_THREADS), value(v, WriteProxyConfigKeys.BLOCKING_THREADS),
                value(v, WriteProxyConfigKeys.FRAME_MAX_BYTES),
                value(v, WriteProxyConfigKeys.STREAM_MAX_INFLIGHT_BYTES),
                value(v, WriteProxyConfigKeys.MAX_INFLIGHT_BYTES), value(v, WriteProxyConfigKeys.MAX_STREAMS),
                Duration.ofMillis(value(v, WriteProxyConfigKeys.STREAM_PROBATION_MS)),
                Duration.ofMillis(value(v, WriteProxyConfigKeys.OWNER_CACHE_MS)),
                Duration.ofMillis(value(v, WriteProxyConfigKeys.STREAM_IDLE_RELEASE_MS)),
                Duration.ofMillis(value(v, WriteProxyConfigKeys.DRAIN_TIMEOUT_MS)));
    }

    /** Changes some fields of a {@link WriteProxyConfig}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder(WriteProxyConfig from) {
            values.put(WriteProxyConfigKeys.BIND_ADDRESS.name(), from.bindAddress);
            values.put(WriteProxyConfigKeys.ADVERTISED_ADDRESS.name(), from.advertisedAddress);
            values.put(WriteProxyConfigKeys.PORT.name(), from.port);
            values.put(WriteProxyConfigKeys.ADMIN_ADDRESS.name(), from.adminAddress);
            values.put(WriteProxyConfigKeys.ADMIN_PORT.name(), from.adminPort);
            values.put(WriteProxyConfigKeys.IO_THREADS.name(), from.ioThreads);
            values.put(WriteProxyConfigKeys.BLOCKING_THREADS.name(), from.blockingThreads);
            values.put(WriteProxyConfigKeys.FRAME_MAX_BYTES.name(), from.frameMaxBytes);
            values.put(WriteProxyConfigKeys.STREAM_MAX_INFLIGHT_BYTES.name(), from.streamMaxInflightBytes);
            values.put(WriteProxyConfigKeys.MAX_INFLIGHT_BYTES.name(), from.maxInflightBytes);
            values.put(WriteProxyConfigKeys.MAX_STREAMS.name(), from.maxStreams);
            values.put(WriteProxyConfigKeys.STREAM_PROBATION_MS.name(), from.probation.toMillis());
            values.put(WriteProxyConfigKeys.OWNER_CACHE_MS.name(), from.ownerCache.toMillis());
            values.put(WriteProxyConfigKeys.STREAM_IDLE_RELEASE_MS.name(), from.idleRelease.toMillis());
            values.put(WriteProxyConfigKeys.DRAIN_TIMEOUT_MS.name(), from.drainTimeout.toMillis());
        }

        /**
         * Sets a key.
         *
         * @param key a key of {@link WriteProxyConfigKeys}
         * @param value its value
         * @param <T> its type
         * @return this builder
         * @throws IllegalArgumentException if the value breaks the key's rule
         */
        public <T> Builder set(ConfigKey<T> key, T value) {
            if (!WriteProxyConfigKeys.ALL.contains(key)) {
                throw new IllegalArgumentException("not a write proxy key: " + key.name());
            }
            values.put(key.name(), key.validate(value));
            return this;
        }

        /** Builds the configuration. */
        public WriteProxyConfig build() {
            return fromMap(values);
        }
    }
}
