package io.dlog.core.internal;

import io.dlog.core.DLConfigKeys;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.WriteFencedException;
import io.dlog.protocol.entry.DecodedEntry;
import io.dlog.protocol.entry.RecordSetReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.BKException;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.LedgerMetadata;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;
import io.dlog.protocol.Futures;

/** Creating, opening and deleting the ledgers behind segments, and naming BookKeeper's failures. */
public final class Ledgers {
    /** Custom-metadata key naming the namespace. */
    public static final String META_NAMESPACE = "dlog.namespace";
    /** Custom-metadata key naming the log. */
    public static final String META_LOG = "dlog.log";
    /** Custom-metadata key naming the segment sequence number. */
    public static final String META_SEGMENT = "dlog.segment";

    private Ledgers() {
    }

    /**
     * Creates the ledger of a segment, with custom metadata naming it for audits.
     *
     * @param ctx the log
     * @param seq the segment it is for
     * @return the open ledger
     */
    public static CompletableFuture<WriteHandle> create(LogContext ctx, long seq) {
        Map<String, byte[]> meta = Map.of(
                META_NAMESPACE, ctx.namespace().getBytes(StandardCharsets.UTF_8),
                META_LOG, ctx.log().getBytes(StandardCharsets.UTF_8),
                META_SEGMENT, Long.toString(seq).getBytes(StandardCharsets.UTF_8));
        return ctx.bk().newCreateLedgerOp()
                .withEnsembleSize(ctx.config().get(DLConfigKeys.ENSEMBLE_SIZE))
                .withWriteQuorumSize(ctx.config().get(DLConfigKeys.WRITE_QUORUM_SIZE))
                .withAckQuorumSize(ctx.config().get(DLConfigKeys.ACK_QUORUM_SIZE))
                .withDigestType(DigestType.CRC32C)
                .withPassword(ctx.ledgerPassword())
                .withCustomMetadata(meta)
                .execute()
                .exceptionallyCompose(t -> Futures.failed(toDL(t, "create ledger for segment " + seq + " of "
                        + ctx.fullName())));
    }

    /**
     * Opens a segment's ledger for reading.
     *
     * @param ctx the log
     * @param ledgerId the ledger
     * @param recover true to fence the ledger and settle its end (what a new owner does)
     * @return the handle
     */
    public static CompletableFuture<ReadHandle> open(LogContext ctx, long ledgerId, boolean recover) {
        return open(ctx, ctx.bk(), ledgerId, recover);
    }

    /**
     * Opens a closed ledger (a completed segment's) for reading, through the client that reads completed segments
     * ({@link V2ReadClient}: BookKeeper's v2 wire protocol, which has no long-poll). Never for a ledger that may
     * still be written: its handle could not wait at the tail.
     *
     * @param ctx the log
     * @param ledgerId the ledger, closed
     * @return the handle
     */
    public static CompletableFuture<ReadHandle> openClosed(LogContext ctx, long ledgerId) {
        return ctx.completedReads().client().thenCompose(bk -> open(ctx, bk, ledgerId, false));
    }

    private static CompletableFuture<ReadHandle> open(LogContext ctx, BookKeeper bk, long ledgerId, boolean recover) {
        return bk.newOpenLedgerOp()
                .withLedgerId(ledgerId)
                .withRecovery(recover)
                .withDigestType(DigestType.CRC32C)
                .withPassword(ctx.ledgerPassword())
                .execute()
                .exceptionallyCompose(t -> Futures.failed(toDL(t, (recover ? "recover" : "open") + " ledger "
                        + ledgerId + " of " + ctx.fullName())));
    }

    /**
     * Returns the last entry a reader may read through a handle: a closed ledger's last entry, taken from its
     * metadata, or else the last-add-confirmed. A handle opened while the ledger was open keeps the
     * last-add-confirmed it read then, even after BookKeeper updates its metadata to closed; trusting that
     * value would end the segment early and skip its last entries.
     *
     * @param h an open read handle
     * @return the last readable entry id, or -1 if none
     */
    public static long lastReadableEntry(ReadHandle h) {
        LedgerMetadata md = h.getLedgerMetadata();
        return md.isClosed() ? md.getLastEntryId() : h.getLastAddConfirmed();
    }

    /**
     * Returns the size of one entry's data. Not {@link LedgerEntry#getLength()}: BookKeeper fills that from the
     * entry's digest header, which carries the ledger's length up to and including the entry, not the entry's own
     * size (issue 13: sized by it, a catch-up reader's batch reads shrank to one entry each once a segment held a
     * few MiB, and the shared tail cache kept nothing).
     *
     * @param e an entry read from a ledger
     * @return its size in bytes, at least 1
     */
    public static long entryBytes(LedgerEntry e) {
        return Math.max(1, e.getEntryBuffer().readableBytes());
    }

    /**
     * Reads and decodes one entry, blocking: call it from a metadata thread only (recovery, inspection, search).
     * Reads unconfirmed: the caller asks only for entries up to an end it already knows to be durable.
     *
     * @param ctx the log
     * @param h the segment's ledger
     * @param seq the segment's sequence number (for the records' DLSNs)
     * @param entryId the entry
     * @return the decoded entry
     * @throws DLException BookKeeper's failure, or INVALID_ENVELOPED_ENTRY if the entry does not decode
     */
    public static DecodedEntry readEntry(LogContext ctx, ReadHandle h, long seq, long entryId) throws DLException {
        try (LedgerEntries entries = Await.await(h.readUnconfirmedAsync(entryId, entryId)
                .exceptionallyCompose(t -> Futures.failed(toDL(t, "read entry " + entryId + " of segment " + seq
                        + " of " + ctx.fullName()))))) {
            return RecordSetReader.decode(entries.getEntry(entryId).getEntryBuffer(), seq, entryId,
                    EntryLimits.MAX_DECOMPRESSED_BYTES);
        }
    }

    /**
     * Returns whether the ledger behind a handle is closed (its end is final), by its metadata.
     *
     * @param h an open read handle
     * @return true once the ledger is closed
     */
    public static boolean isClosed(ReadHandle h) {
        return h.getLedgerMetadata().isClosed();
    }

    /**
     * Deletes a ledger; a ledger that is already gone counts as deleted.
     *
     * @param ctx the log
     * @param ledgerId the ledger
     * @return completes when it is gone
     */
    public static CompletableFuture<Void> delete(LogContext ctx, long ledgerId) {
        return ctx.bk().newDeleteLedgerOp().withLedgerId(ledgerId).execute()
                .exceptionallyCompose(t -> {
                    Throwable c = Futures.unwrap(t);
                    if (c instanceof BKException bk && bk.getCode() == BKException.Code.NoSuchLedgerExistsException) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return Futures.failed(toDL(c, "delete ledger " + ledgerId + " of " + ctx.fullName()));
                });
    }

    /**
     * Names a BookKeeper failure: fencing becomes WRITE_FENCED, anything else BK_TRANSMIT_ERROR with BookKeeper's
     * own message and the cause attached.
     *
     * @param t the failure
     * @param what what was being done
     * @return the exception to report
     */
    public static DLException toDL(Throwable t, String what) {
        Throwable c = Futures.unwrap(t);
        if (c instanceof DLException dl) {
            return dl;
        }
        if (c instanceof BKException bk) {
            int code = bk.getCode();
            if (code == BKException.Code.LedgerFencedException) {
                return new WriteFencedException(what + ": the ledger was fenced by another writer's recovery", c);
            }
            if (code == BKException.Code.NoSuchLedgerExistsException
                    || code == BKException.Code.NoSuchLedgerExistsOnMetadataServerException) {
                return new DLException(StatusCode.METADATA_EXCEPTION, what + ": the ledger does not exist", c);
            }
            return new DLException(StatusCode.BK_TRANSMIT_ERROR, what + ": " + BKException.getMessage(code)
                    + " (bk code " + code + ")", c);
        }
        return new DLException(StatusCode.BK_TRANSMIT_ERROR, what + ": " + c, c);
    }
}
