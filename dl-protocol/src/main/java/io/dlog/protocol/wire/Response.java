package io.dlog.protocol.wire;

/**
 * A response, sent by a server, answering the request with the same id. Every failure is an
 * {@link ErrorResponse}; the other kinds are the success answers of their operation.
 */
public sealed interface Response extends WireMessage
        permits HandshakeResponse, WriteResponse, WriteBulkResponse, GetOwnerResponse, AckResponse, ErrorResponse,
                ReadRecords, CommitResponse, ReaderOpened {
}
