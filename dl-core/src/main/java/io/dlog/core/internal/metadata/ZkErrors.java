package io.dlog.core.internal.metadata;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import org.apache.zookeeper.KeeperException;

/** Maps ZooKeeper and Curator failures to {@link DLException}s. */
public final class ZkErrors {
    private ZkErrors() {
    }

    /**
     * Converts a failure of a ZooKeeper call.
     *
     * @param e the failure
     * @param what what was being done, naming the log and path
     * @return the exception to report
     */
    public static DLException map(Exception e, String what) {
        if (e instanceof DLException dl) {
            return dl;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new DLException(StatusCode.INTERRUPTED, what + ": interrupted", e);
        }
        if (e instanceof KeeperException ke) {
            return new DLException(StatusCode.ZOOKEEPER_ERROR, what + ": " + ke.code() + " at " + ke.getPath(), e);
        }
        return new DLException(StatusCode.ZOOKEEPER_ERROR, what + ": " + e, e);
    }
}
