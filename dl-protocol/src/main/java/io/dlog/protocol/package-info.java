/**
 * The bytes and values every dlog module shares: positions ({@link io.dlog.protocol.DLSN}), records,
 * segment metadata, status codes and the {@link io.dlog.protocol.DLException} hierarchy.
 *
 * <p>Everything here is an immutable value or a stateless helper and is safe to share between threads.
 * This module depends on Netty's buffer and codec libraries only: it never sees BookKeeper or ZooKeeper.
 */
package io.dlog.protocol;
