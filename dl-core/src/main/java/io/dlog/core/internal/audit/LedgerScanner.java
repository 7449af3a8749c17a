package io.dlog.core.internal.audit;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.BKException;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.LedgerMetadata;
import org.apache.bookkeeper.client.api.LedgersIterator;
import org.apache.bookkeeper.client.api.ListLedgersResult;

/** Lists the ledgers of a BookKeeper cluster that belong to one dlog namespace. Blocking; stateless. */
final class LedgerScanner {
    /** Metadata reads in flight at once. */
    private static final int WINDOW = 64;

    private LedgerScanner() {
    }

    /**
     * What the audit needs of a ledger.
     *
     * @param id the ledger
     * @param log the log named in its custom metadata
     * @param segment the segment named in its custom metadata, or -1
     * @param createdAtMillis its creation time, or -1 if not recorded
     * @param closed whether it is closed
     */
    record LedgerInfo(long id, String log, long segment, long createdAtMillis, boolean closed) {
    }

    static Map<Long, LedgerInfo> scan(BookKeeper bk, String namespace) throws DLException {
        List<Long> ids = new ArrayList<>();
        try (ListLedgersResult result = Await.await(bk.newListLedgersOp().execute())) {
            LedgersIterator it = result.iterator();
            while (it.hasNext()) {
                ids.add(it.next());
            }
        } catch (DLException e) {
            throw e;
        } catch (IOException e) {
            throw Ledgers.toDL(e, "list ledgers");
        } catch (Exception e) {
            throw Ledgers.toDL(e, "list ledgers");
        }
        Map<Long, LedgerInfo> ours = new HashMap<>();
        for (int from = 0; from < ids.size(); from += WINDOW) {
            List<Long> window = ids.subList(from, Math.min(ids.size(), from + WINDOW));
            List<CompletableFuture<LedgerMetadata>> reads = new ArrayList<>();
            for (long id : window) {
                reads.add(metadataOrNull(bk, id));
            }
            for (int i = 0; i < window.size(); i++) {
                LedgerMetadata md = Await.await(reads.get(i));
                LedgerInfo info = md == null ? null : info(window.get(i), md, namespace);
                if (info != null) {
                    ours.put(info.id(), info);
                }
            }
        }
        return ours;
    }

    static boolean exists(BookKeeper bk, long id) throws DLException {
        return Await.await(metadataOrNull(bk, id)) != null;
    }

    private static CompletableFuture<LedgerMetadata> metadataOrNull(BookKeeper bk, long id) {
        return bk.getLedgerMetadata(id).exceptionallyCompose(t -> {
            Throwable c = Futures.unwrap(t);
            if (c instanceof BKException e && (e.getCode() == BKException.Code.NoSuchLedgerExistsException
                    || e.getCode() == BKException.Code.NoSuchLedgerExistsOnMetadataServerException)) {
                return CompletableFuture.completedFuture(null);
            }
            return Futures.failed(Ledgers.toDL(c, "read metadata of ledger " + id));
        });
    }

    private static LedgerInfo info(long id, LedgerMetadata md, String namespace) {
        Map<String, byte[]> custom = md.getCustomMetadata();
        byte[] ns = custom == null ? null : custom.get(Ledgers.META_NAMESPACE);
        if (ns == null || !namespace.equals(new String(ns, StandardCharsets.UTF_8))) {
            return null;
        }
        byte[] log = custom.get(Ledgers.META_LOG);
        byte[] seg = custom.get(Ledgers.META_SEGMENT);
        long segment = -1;
        try {
            segment = seg == null ? -1 : Long.parseLong(new String(seg, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            segment = -1;
        }
        long ctime = md.getCtime() > 0 ? md.getCtime() : -1;
        return new LedgerInfo(id, log == null ? "" : new String(log, StandardCharsets.UTF_8), segment, ctime,
                md.isClosed());
    }
}
