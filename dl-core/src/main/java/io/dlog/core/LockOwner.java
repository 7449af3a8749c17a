package io.dlog.core;

import java.util.Objects;

/**
 * Who holds a log's write lock: the owner's name as it wrote it into the lock znode (by default
 * {@code <host> pid=<pid> id=<random>}; a write proxy writes its {@code host:port}, see
 * {@link NamespaceBuilder#ownerId(String)}) and when it took the lock.
 *
 * @param owner the owner's name
 * @param sinceMillis when the lock was taken (the lock znode's creation time, epoch milliseconds)
 */
public record LockOwner(String owner, long sinceMillis) {
    /** Validates the fields. */
    public LockOwner {
        Objects.requireNonNull(owner, "owner");
    }
}
