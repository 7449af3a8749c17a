package io.dlog.proxy.write.internal.ownership;

import io.dlog.protocol.DLException;

/**
 * A stream this proxy recently failed to own, lost, or gave up: until {@code untilNanos} it answers requests for
 * it from memory instead of trying to take the lock again, so ownership does not flap between proxies.
 *
 * @param answer the fixed answer (FOUND with the owner, STREAM_UNAVAILABLE, ...), or null to look the owner up
 *     (after a release: FOUND if another proxy took the stream, else STREAM_UNAVAILABLE)
 * @param untilNanos when probation ends, on the table's nano clock
 */
record Probation(DLException answer, long untilNanos) {
}
