/**
 * The client's machinery: connections to proxies ({@link io.dlog.client.internal.ProxyConnection},
 * {@link io.dlog.client.internal.ConnectionPool}), routing ({@link io.dlog.client.internal.HashRing},
 * {@link io.dlog.client.internal.Router}), attempts and retries ({@link io.dlog.client.internal.Attempts}), and the
 * per-stream order of writes ({@link io.dlog.client.internal.StreamWrites}). Not an API.
 */
package io.dlog.client.internal;
