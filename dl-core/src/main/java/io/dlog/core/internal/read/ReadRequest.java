package io.dlog.core.internal.read;

import io.dlog.protocol.LogRecordWithDLSN;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A pending {@code readNext} or {@code readBulk}.
 *
 * @param maxRecords the most records it takes
 * @param future completed with 1..maxRecords records
 */
record ReadRequest(int maxRecords, CompletableFuture<List<LogRecordWithDLSN>> future) {
}
