package io.dlog.tools;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Wraps stdin so that try-with-resources does not close a stream the command only borrows. */
final class NonClosingInputStream extends FilterInputStream {
    NonClosingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public void close() {
        // Borrowed: the owner closes it.
    }
}
