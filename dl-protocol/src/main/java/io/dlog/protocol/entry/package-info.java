/**
 * The entry codec: how a batch of records (a record set) becomes the bytes of one BookKeeper entry, and back.
 *
 * <p>{@link io.dlog.protocol.entry.RecordSetWriter} builds an entry, {@link io.dlog.protocol.entry.RecordSetReader}
 * decodes one into a {@link io.dlog.protocol.entry.DecodedEntry}. The body may be compressed as a whole
 * ({@link io.dlog.protocol.entry.CompressionCodec}). The byte layout is specified in {@code docs/format.md};
 * every decode failure is a {@link io.dlog.protocol.DLException} with status
 * {@link io.dlog.protocol.StatusCode#INVALID_ENVELOPED_ENTRY}.
 *
 * <p>Buffers are Netty {@code ByteBuf}s and their ownership is part of each method's contract: a writer owns
 * its buffer until {@code finish()} hands it to the caller; the reader borrows the entry it decodes.
 */
package io.dlog.protocol.entry;
