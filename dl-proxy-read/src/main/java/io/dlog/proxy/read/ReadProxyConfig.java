package io.dlog.proxy.read;

import io.dlog.core.ConfigKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The read proxy's configuration: one value per {@link ReadProxyConfigKeys} key. Immutable; made by
 * {@link #defaults()}, {@link #fromProperties(Properties)} or {@link #builder()}.
 */
public final class ReadProxyConfig {
    private final Map<String, Object> values;

    private ReadProxyConfig(Map<String, Object> values) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (ConfigKey<?> key : ReadProxyConfigKeys.ALL) {
            all.put(key.name(), values.getOrDefault(key.name(), key.defaultValue()));
        }
        this.values = Map.copyOf(all);
    }

    /** Returns the configuration with every key at its default. */
    public static ReadProxyConfig defaults() {
        return new ReadProxyConfig(Map.of());
    }

    /**
     * Reads the {@code read.proxy.*} keys of a properties set.
     *
     * @param props the properties; other keys are ignored (dl-core's belong to {@code DLConfig}); unknown
     *     {@code read.proxy.*} keys fail
     * @return the configuration
     * @throws IllegalArgumentException for an unknown {@code read.proxy.*} key or an invalid value, naming it
     */
    public static ReadProxyConfig fromProperties(Properties props) {
        Map<String, Object> values = new LinkedHashMap<>();
        TreeSet<String> unknown = new TreeSet<>();
        for (String name : props.stringPropertyNames()) {
            if (!name.startsWith("read.proxy.")) {
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
            throw new IllegalArgumentException("unknown read proxy config keys " + unknown
                    + "; see conf/read_proxy.conf for the keys the read proxy knows");
        }
        return new ReadProxyConfig(values);
    }

    /** Returns a builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** Returns a builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns a key's value.
     *
     * @param key a key of {@link ReadProxyConfigKeys}
     * @param <T> its type
     * @return the value
     */
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key.name());
        if (v == null) {
            throw new IllegalArgumentException("not a read proxy key: " + key.name());
        }
        return key.type().cast(v);
    }

    /** Returns {@code read.proxy.credit.timeout.ms} as a duration. */
    public Duration creditTimeout() {
        return Duration.ofMillis(get(ReadProxyConfigKeys.CREDIT_TIMEOUT_MS));
    }

    private static ConfigKey<?> keyNamed(String name) {
        for (ConfigKey<?> key : ReadProxyConfigKeys.ALL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadProxyConfig c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "ReadProxyConfig" + new java.util.TreeMap<>(values);
    }

    /** Changes some values of a {@link ReadProxyConfig}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values;

        private Builder(ReadProxyConfig from) {
            this.values = new LinkedHashMap<>(from.values);
        }

        /**
         * Sets a key.
         *
         * @param key a key of {@link ReadProxyConfigKeys}
         * @param value its value
         * @param <T> its type
         * @return this builder
         * @throws IllegalArgumentException if the value breaks the key's rule
         */
        public <T> Builder set(ConfigKey<T> key, T value) {
            if (!ReadProxyConfigKeys.ALL.contains(key)) {
                throw new IllegalArgumentException("not a read proxy key: " + key.name());
            }
            values.put(key.name(), key.validate(value));
            return this;
        }

        /** Builds the configuration. */
        public ReadProxyConfig build() {
            return new ReadProxyConfig(values);
        }
    }
}
