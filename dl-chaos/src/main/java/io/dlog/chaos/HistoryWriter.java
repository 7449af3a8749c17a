package io.dlog.chaos;

import io.dlog.protocol.DLSN;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends a client's events to its history file, one {@code write} system call per event and no user-space
 * buffer, so a {@code kill -9} of the client loses no event it recorded (the page cache keeps it).
 *
 * <p>Thread-safe: events from the writer's and the reader's threads are appended whole, in call order.
 */
public final class HistoryWriter implements AutoCloseable {

    private final String client;
    private final FileChannel channel;

    /** Opens (appending to) {@code dir/history-<client>.tsv}. */
    public HistoryWriter(Path dir, String client) throws IOException {
        this.client = client;
        this.channel = FileChannel.open(dir.resolve(HistoryFormat.fileName(client)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The client name the events are recorded under. */
    public String client() {
        return client;
    }

    /** Records an invocation: call this before the write is handed to the writer. */
    public void invoke(String log, String id, String owner) {
        append(new HistoryEvent(HistoryEvent.Kind.INVOKE, client, System.nanoTime(), System.currentTimeMillis(),
                log, id, null, -1, owner, 0));
    }

    /** Records an acknowledgement. */
    public void ok(String log, String id, String owner, DLSN dlsn, long txid) {
        append(new HistoryEvent(HistoryEvent.Kind.OK, client, System.nanoTime(), System.currentTimeMillis(), log,
                id, dlsn, txid, owner, 0));
    }

    /** Records a failure, classified by {@link FailureClass}. */
    public void failed(String log, String id, String owner, int code, boolean definite) {
        append(new HistoryEvent(definite ? HistoryEvent.Kind.FAIL : HistoryEvent.Kind.INFO, client,
                System.nanoTime(), System.currentTimeMillis(), log, id, null, -1, owner, code));
    }

    /** Records the start of a reader session at a position. */
    public void readStart(String log, String session, DLSN from) {
        append(new HistoryEvent(HistoryEvent.Kind.READ_START, client, System.nanoTime(), System.currentTimeMillis(),
                log, "-", from, -1, session, 0));
    }

    /** Records one delivered record. */
    public void read(String log, String session, String payload, DLSN dlsn, long txid) {
        append(new HistoryEvent(HistoryEvent.Kind.READ, client, System.nanoTime(), System.currentTimeMillis(), log,
                payload, dlsn, txid, session, 0));
    }

    private synchronized void append(HistoryEvent event) {
        ByteBuffer line = ByteBuffer.wrap(HistoryFormat.format(event).getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            // A history that silently misses events would make the checker report false anomalies.
            throw new UncheckedIOException("cannot append to the history of " + client, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
