package io.dlog.client;

/**
 * A reader's start that the read proxy resolves from the log when it opens the reader
 * ({@link DLClient#openReader(String, ReadFrom)}), the way dl-core resolves {@code LogManager.getFirstDLSN()} and
 * {@code getLastDLSN()}. Once resolved, the start is fixed: a reader that has to reopen on another proxy before it
 * received its first record reopens at the position the first proxy resolved, not at a new first or last record.
 */
public enum ReadFrom {
    /**
     * The first readable record: the oldest record that is not truncated (after truncation or retention released
     * the head, the first one kept), as {@code dlog tail --from-start}.
     */
    FIRST,
    /**
     * The last durable record, included (then the records after it): the last record up to the last-add-confirmed
     * of the in-progress segment. On a log without a readable record, the first record to come.
     */
    LAST,
    /**
     * Just after the last durable record: only records that become readable after the open, as {@code dlog tail}
     * without a start option. Every record acknowledged to its writer after the open completed is delivered; one
     * acknowledged while the open was in progress may or may not be.
     */
    TAIL
}
