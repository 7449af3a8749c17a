package io.dlog.core;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import java.util.Collections;
import java.util.List;

/**
 * A synchronous {@link LogWriter#writeBulk} in which some record failed. Its code and cause are the first
 * failure's; {@link #written()} tells the caller which records were written anyway, so that it never writes an
 * acknowledged record twice.
 */
public final class BulkWriteException extends DLException {
    private static final long serialVersionUID = 1L;

    private final transient List<DLSN> written;

    /**
     * Makes the exception.
     *
     * @param first the first failure
     * @param written one element per record of the call: its DLSN if it was acknowledged, else null
     */
    public BulkWriteException(DLException first, List<DLSN> written) {
        super(first.code(), "bulk write failed at record " + written.indexOf(null) + " of " + written.size()
                + " (" + written.stream().filter(d -> d != null).count() + " written): " + first.getMessage(), first);
        this.written = Collections.unmodifiableList(written);
    }

    /**
     * Returns, for each record of the call in order, its DLSN if it was written (acknowledged), else null.
     *
     * @return an unmodifiable list as long as the call's
     */
    public List<DLSN> written() {
        return written;
    }
}
