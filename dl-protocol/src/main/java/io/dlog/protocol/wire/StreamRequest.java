package io.dlog.protocol.wire;

import io.dlog.protocol.InvalidStreamNameException;
import io.dlog.protocol.LogNames;

/** A request about one stream. The stream name follows {@link LogNames}; the decoder checks it. */
public interface StreamRequest {
    /** Returns the stream (log) name. */
    String stream();

    /** Checks a stream name for a record's compact constructor. */
    static String checkStream(String stream) {
        try {
            return LogNames.validate(stream);
        } catch (InvalidStreamNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
