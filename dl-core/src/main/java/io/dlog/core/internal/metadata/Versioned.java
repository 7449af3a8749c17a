package io.dlog.core.internal.metadata;

/**
 * A value read from a znode with the znode's version, for compare-and-set updates.
 *
 * @param value the value
 * @param version the znode's data version
 * @param <T> the value type
 */
public record Versioned<T>(T value, int version) {
}
