package io.dlog.core.internal.read;

import io.dlog.protocol.DLSN;

/**
 * Where a new reader starts.
 *
 * @param position the first position it may deliver
 * @param minTxId the smallest txid it may deliver (for readers opened at a txid), or -1
 */
record ResolvedStart(DLSN position, long minTxId) {
}
