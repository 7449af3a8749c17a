package io.dlog.core.internal.read;

import io.dlog.protocol.DLException;

/** What the readahead tells its reader. Called on the log executor. */
interface ReadAheadListener {

    /** Records were added to the cache. */
    void recordsAvailable();

    /**
     * The readahead stopped for good.
     *
     * @param failure why: END_OF_STREAM, LOG_NOT_FOUND, LOG_READ_ERROR, ...
     * @param afterCached true if the records already cached are still delivered before the failure
     */
    void stopped(DLException failure, boolean afterCached);
}
