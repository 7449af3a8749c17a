package io.dlog.chaos;

import io.dlog.protocol.DLSN;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds histories and final logs by hand for the checker's tests: a clock that ticks once per event, writes that
 * are acknowledged in order at consecutive DLSNs of one segment, and readers.
 */
final class SyntheticHistory {

    static final String LOG = "log-0";

    final List<HistoryEvent> events = new ArrayList<>();
    final List<FinalRecord> log = new ArrayList<>();
    private long clock = 1_000;

    long tick() {
        return clock += 10;
    }

    static DLSN dlsn(long seg, long entry) {
        return new DLSN(seg, entry, 0);
    }

    void invoke(String client, String id) {
        events.add(new HistoryEvent(HistoryEvent.Kind.INVOKE, client, tick(), 0, LOG, id, null, -1, owner(client), 0));
    }

    void ok(String client, String id, DLSN at, long txid) {
        ok(client, id, at, txid, owner(client));
    }

    void ok(String client, String id, DLSN at, long txid, String owner) {
        events.add(new HistoryEvent(HistoryEvent.Kind.OK, client, tick(), 0, LOG, id, at, txid, owner, 0));
    }

    void fail(String client, String id, HistoryEvent.Kind kind, int code) {
        events.add(new HistoryEvent(kind, client, tick(), 0, LOG, id, null, -1, owner(client), code));
    }

    /** Invokes, acknowledges and appends to the final log: the common case. */
    void written(String client, String id, DLSN at, long txid) {
        invoke(client, id);
        ok(client, id, at, txid);
        log.add(new FinalRecord(at, txid, id));
    }

    /** A write through the proxies: invoked, acknowledged with the remote owner, and in the final log. */
    void remoteWritten(String client, String id, DLSN at, long txid) {
        events.add(new HistoryEvent(HistoryEvent.Kind.INVOKE, client, tick(), 0, LOG, id, null, -1,
                HistoryEvent.REMOTE_OWNER, 0));
        ok(client, id, at, txid, HistoryEvent.REMOTE_OWNER);
        log.add(new FinalRecord(at, txid, id));
    }

    void readStart(String client, String session, DLSN from) {
        events.add(new HistoryEvent(HistoryEvent.Kind.READ_START, client, tick(), 0, LOG, "-", from, -1, session, 0));
    }

    void read(String client, String session, FinalRecord r) {
        events.add(new HistoryEvent(HistoryEvent.Kind.READ, client, tick(), 0, LOG, r.payload(), r.dlsn(), r.txid(),
                session, 0));
    }

    /** A reader session that delivers the given final-log indices in order. */
    void readIndices(String client, String session, int... indices) {
        readStart(client, session, DLSN.INITIAL);
        for (int i : indices) {
            read(client, session, log.get(i));
        }
    }

    LogVerdict check() {
        List<LogVerdict> verdicts = HistoryChecker.check(events, Map.of(LOG, List.of(log, List.copyOf(log))));
        return verdicts.get(0);
    }

    private static String owner(String client) {
        return client + "/w1";
    }
}
