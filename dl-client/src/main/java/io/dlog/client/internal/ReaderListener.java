package io.dlog.client.internal;

import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.ReadRecords;

/** Receives the frames a read proxy pushes for one reader, on the connection's event loop. */
interface ReaderListener {
    /** A batch of records, in log order. */
    void records(ReadRecords batch);

    /** The proxy ended the reader ({@code READER_END}). */
    void ended(ErrorResponse why);

    /** The connection closed while the reader was open. */
    void connectionLost();
}
