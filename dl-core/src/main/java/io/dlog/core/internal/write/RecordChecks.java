package io.dlog.core.internal.write;

import io.dlog.protocol.DLException;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.OverCapacityException;
import io.dlog.protocol.TooLargeRecordException;
import io.dlog.protocol.TransactionOutOfOrderException;
import io.dlog.protocol.entry.RecordSetWriter;

/**
 * The checks of one record against the writer's limits and the log's txids. Pure; the writer calls it under its
 * monitor with its current counters.
 *
 * @param logName the log, for messages
 * @param recordMaxBytes {@code record.max.bytes}
 * @param maxPendingBytes {@code writer.max.pending.bytes}
 */
record RecordChecks(String logName, int recordMaxBytes, long maxPendingBytes) {

    /**
     * Checks a record.
     *
     * @param r the record
     * @param lastAssignedTxId the last txid the writer accepted
     * @param pendingBytes the bytes accepted and not yet acknowledged
     * @return why it is refused, or null
     */
    DLException check(LogRecord r, long lastAssignedTxId, long pendingBytes) {
        if (r.flags() == LogRecord.FLAG_EXPLICIT_TXID) {
            return new InvalidArgumentException("txid " + r.txid() + " is out of range 0.." + LogRecord.MAX_TXID
                    + " on log " + logName + " (Long.MIN_VALUE is not an explicit txid; LogRecord.of(bytes) asks "
                    + "for an assigned one)");
        }
        if (r.flags() != LogRecord.FLAG_NONE) {
            return new InvalidArgumentException("record flags " + r.flags() + " are reserved for dlog itself");
        }
        if (r.payload().length > recordMaxBytes) {
            return new TooLargeRecordException("record of " + r.payload().length + " bytes exceeds record.max.bytes="
                    + recordMaxBytes + " on log " + logName);
        }
        if (r.hasAutoTxid()) {
            if (lastAssignedTxId >= LogRecord.MAX_TXID) {
                return new InvalidArgumentException("txid space of " + logName + " is exhausted");
            }
        } else if (r.txid() < 0 || r.txid() > LogRecord.MAX_TXID) {
            return new InvalidArgumentException("txid " + r.txid() + " is out of range 0.." + LogRecord.MAX_TXID
                    + " on log " + logName);
        } else if (r.txid() < lastAssignedTxId) {
            return new TransactionOutOfOrderException("txid " + r.txid() + " is below the last txid "
                    + lastAssignedTxId + " of log " + logName);
        }
        int size = RecordSetWriter.recordBytes(r.payload().length);
        if (pendingBytes + size > maxPendingBytes) {
            return new OverCapacityException("log " + logName + " has " + pendingBytes
                    + " bytes pending; writer.max.pending.bytes=" + maxPendingBytes);
        }
        return null;
    }
}
