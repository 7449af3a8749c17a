package io.dlog.proxy.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing the parts of a stopping proxy: a part that fails to close is logged and the stop goes on. */
public final class Closeables {
    private static final Logger LOG = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    /**
     * Closes {@code c} (if not null), logging a failure instead of throwing it.
     *
     * @param c the part
     */
    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("close failed part={} error={}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
