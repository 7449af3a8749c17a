package io.dlog.bench;

import java.util.Map;

/**
 * One system under test (an adapter): opens appenders and readers on named logs of the shared cluster.
 * Implementations are used from the benchmark thread only, except {@link #openAppender} (many-logs workloads open
 * their logs several at a time) and the futures their appenders return.
 */
interface BenchSystem extends AutoCloseable {

    /** A short name for the tables, e.g. {@code dlog}. */
    String name();

    /** The settings this system runs with, printed with the results so the comparison can be judged. */
    Map<String, String> settings();

    /**
     * Opens (creating if needed) a log for appending.
     *
     * @param log a log name unique in the run
     * @return the appender; the caller closes it
     */
    LogAppender openAppender(String log) throws Exception;

    /**
     * The most logs this system can write at once in this JVM, or a reason it cannot write {@code logs}: null when
     * it can.
     *
     * @param logs the logs a workload writes in parallel
     */
    default String cannotWrite(int logs) {
        return null;
    }

    /** Whether {@link #openReader} is supported on a closed (sealed) log: the catch-up read. */
    boolean supportsReads();

    /** Whether {@link #openReader} can tail a log while it is written. */
    boolean supportsTailing();

    /**
     * Opens a reader at the first record of a log that {@link #openAppender} created.
     *
     * @param log the log name
     * @return the reader; the caller closes it
     */
    LogReaderHandle openReader(String log) throws Exception;

    /**
     * Cumulative {records, entries} written by this system, to show how well it batches (and how many entries
     * carry no record, such as dlog's control records), or null if the system does not count them.
     */
    default long[] entryCounters() {
        return null;
    }

    /** Releases the system's clients; the shared cluster stays up. */
    @Override
    void close() throws Exception;
}
