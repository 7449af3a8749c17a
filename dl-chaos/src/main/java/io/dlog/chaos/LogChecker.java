package io.dlog.chaos;

import io.dlog.protocol.DLSN;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one log's history against its final read (RELIABILITY.md R-28): no lost acknowledged write, no phantom,
 * no duplicate, DLSN and txid order, acknowledgements at the DLSN they named, per-client and real-time order,
 * reader sessions without skip or repeat, and owners that never acknowledged into each other's epochs. Single use,
 * not thread-safe.
 */
final class LogChecker {

    private static final int CONTEXT = 2;

    private final String log;
    private final List<HistoryEvent> events;
    private final List<List<FinalRecord>> finals;
    private final List<FinalRecord> fin;
    private final Map<String, WriteOp> ops = new LinkedHashMap<>();
    private final Map<String, List<Integer>> positions = new HashMap<>();
    private final Map<DLSN, Integer> indexOf = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private final Map<Anomaly, Long> totals = new EnumMap<>(Anomaly.class);

    /**
     * @param log    the log
     * @param events its events, each client's in the order of its file
     * @param finals the independent full reads of the log at the end (at least one)
     */
    LogChecker(String log, List<HistoryEvent> events, List<List<FinalRecord>> finals) {
        if (finals.isEmpty()) {
            throw new IllegalArgumentException("no final read of log " + log);
        }
        this.log = log;
        this.events = events;
        this.finals = finals;
        this.fin = finals.get(0);
    }

    LogVerdict check() {
        collectOps();
        compareFinalReads();
        indexFinalLog();
        checkRecordsWereWritten();
        checkAcknowledged();
        checkClientOrder();
        checkRealTimeOrder();
        long[] reads = checkReaders();
        checkOwners();
        return new LogVerdict(log, counts(reads), violations, totals);
    }

    private void collectOps() {
        for (HistoryEvent e : events) {
            switch (e.kind()) {
                case INVOKE -> ops.computeIfAbsent(e.id(), WriteOp::new).invoke = e;
                case OK, FAIL, INFO -> ops.computeIfAbsent(e.id(), WriteOp::new).completion = e;
                default -> { }
            }
        }
    }

    private void compareFinalReads() {
        for (int r = 1; r < finals.size(); r++) {
            List<FinalRecord> other = finals.get(r);
            int n = Math.min(fin.size(), other.size());
            int i = 0;
            while (i < n && fin.get(i).equals(other.get(i))) {
                i++;
            }
            if (i < n || fin.size() != other.size()) {
                report(Anomaly.FINAL_READS_DISAGREE, "final read " + r + " differs from read 0 at index " + i
                        + " (sizes " + fin.size() + " and " + other.size() + ")", neighbours(i));
            }
        }
    }

    private void indexFinalLog() {
        FinalRecord prev = null;
        for (int i = 0; i < fin.size(); i++) {
            FinalRecord r = fin.get(i);
            positions.computeIfAbsent(r.payload(), k -> new ArrayList<>(1)).add(i);
            indexOf.putIfAbsent(r.dlsn(), i);
            if (prev != null && r.dlsn().compareTo(prev.dlsn()) <= 0) {
                report(Anomaly.REORDER, "DLSN " + r.dlsn() + " at index " + i + " does not follow " + prev.dlsn(),
                        neighbours(i));
            }
            if (prev != null && r.txid() < prev.txid()) {
                report(Anomaly.REORDER, "txid " + r.txid() + " at index " + i + " is below " + prev.txid(),
                        neighbours(i));
            }
            prev = r;
        }
    }

    private void checkRecordsWereWritten() {
        for (Map.Entry<String, List<Integer>> p : positions.entrySet()) {
            WriteOp op = ops.get(p.getKey());
            int first = p.getValue().get(0);
            if (op == null) {
                report(Anomaly.PHANTOM, "record " + p.getKey() + " at " + fin.get(first).dlsn()
                        + " was never written", neighbours(first));
            } else if (op.outcome() == HistoryEvent.Kind.FAIL) {
                report(Anomaly.PHANTOM, "record " + p.getKey() + " at " + fin.get(first).dlsn()
                        + " failed definitely (code " + op.completion.code() + ") yet is in the log", op.context());
            }
            if (p.getValue().size() > 1) {
                List<String> ctx = new ArrayList<>();
                for (int i : p.getValue()) {
                    ctx.add("at index " + i + ": " + fin.get(i));
                }
                report(Anomaly.DUPLICATE, "record " + p.getKey() + " appears " + p.getValue().size() + " times"
                        + (op == null ? "" : " (write outcome " + op.outcome() + ")"), ctx);
            }
        }
    }

    private void checkAcknowledged() {
        for (WriteOp op : ops.values()) {
            if (op.outcome() != HistoryEvent.Kind.OK) {
                continue;
            }
            List<Integer> at = positions.get(op.id);
            if (at == null) {
                report(Anomaly.LOST, "acknowledged write " + op.id + " at " + op.completion.dlsn()
                        + " is not in the final log", lostContext(op));
                continue;
            }
            FinalRecord r = fin.get(at.get(0));
            if (!r.dlsn().equals(op.completion.dlsn())) {
                report(Anomaly.OFFSET_MISMATCH, "write " + op.id + " was acknowledged at " + op.completion.dlsn()
                        + " but is at " + r.dlsn(), lostContext(op));
            }
        }
    }

    /** A client's acknowledgements (its OK lines, in file order) must appear in increasing log order. */
    private void checkClientOrder() {
        Map<String, WriteOp> lastByClient = new HashMap<>();
        for (HistoryEvent e : events) {
            if (e.kind() != HistoryEvent.Kind.OK || !positions.containsKey(e.id())) {
                continue;
            }
            WriteOp op = ops.get(e.id());
            WriteOp prev = lastByClient.put(e.client(), op);
            if (prev != null && op.position() < prev.position()) {
                report(Anomaly.REORDER, "client " + e.client() + " had " + prev.id + " acknowledged before "
                        + op.id + " but the log holds them the other way round", neighbours(op.position()));
            }
        }
    }

    /** If write A was acknowledged before write B was invoked, A precedes B in the log. */
    private void checkRealTimeOrder() {
        List<HistoryEvent> timeline = new ArrayList<>();
        for (WriteOp op : ops.values()) {
            if (op.position() < 0) {
                continue;
            }
            if (op.invoke != null) {
                timeline.add(op.invoke);
            }
            if (op.outcome() == HistoryEvent.Kind.OK) {
                timeline.add(op.completion);
            }
        }
        // At equal times, invocations first: only an acknowledgement strictly earlier than an invocation orders them.
        timeline.sort(Comparator.comparingLong(HistoryEvent::monoNanos)
                .thenComparing(e -> e.kind() == HistoryEvent.Kind.OK));
        WriteOp maxAcked = null;
        for (HistoryEvent e : timeline) {
            WriteOp op = ops.get(e.id());
            if (e.kind() == HistoryEvent.Kind.OK) {
                if (maxAcked == null || op.position() > maxAcked.position()) {
                    maxAcked = op;
                }
            } else if (maxAcked != null && op.position() < maxAcked.position()) {
                report(Anomaly.REORDER, "write " + op.id + " was invoked after " + maxAcked.id
                        + " was acknowledged, yet precedes it in the log", neighbours(op.position()));
            }
        }
    }

    /** Each reader session is a contiguous run of the final log from its start: no skip, no repeat. */
    private long[] checkReaders() {
        Map<String, Integer> expected = new HashMap<>();
        long sessions = 0;
        long read = 0;
        for (HistoryEvent e : events) {
            String session = e.client() + "/" + e.actor();
            if (e.kind() == HistoryEvent.Kind.READ_START) {
                sessions++;
                expected.put(session, firstIndexAtOrAfter(e.dlsn()));
            } else if (e.kind() == HistoryEvent.Kind.READ) {
                read++;
                Integer idx = indexOf.get(e.dlsn());
                if (idx == null || !fin.get(idx).payload().equals(e.id())) {
                    report(Anomaly.READ_MISMATCH, "session " + session + " read " + e.id() + " at " + e.dlsn()
                            + " but the final log has " + (idx == null ? "nothing" : fin.get(idx).payload())
                            + " there", idx == null ? List.of() : neighbours(idx));
                    continue;
                }
                Integer want = expected.get(session);
                if (want != null && idx > want) {
                    report(Anomaly.SKIP, "session " + session + " delivered index " + idx + " (" + e.dlsn()
                            + ") after skipping " + (idx - want) + " record(s) from index " + want, neighbours(want));
                } else if (want != null && idx < want) {
                    report(Anomaly.REPEAT, "session " + session + " delivered index " + idx + " (" + e.dlsn()
                            + ") again; expected index " + want, neighbours(idx));
                }
                expected.put(session, idx + 1);
            }
        }
        return new long[] {sessions, read};
    }

    private int firstIndexAtOrAfter(DLSN from) {
        if (from == null) {
            return 0;
        }
        int lo = 0;
        int hi = fin.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fin.get(mid).dlsn().compareTo(from) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The owner of an acknowledged write. A remote write's owner is the write proxy whose writer wrote the segment,
     * and the client is not told which proxy that was; a segment is written by one writer, so the segment stands
     * for that proxy's ownership. A segment with remote and embedded acknowledgements, or an embedded owner
     * acknowledging on both sides of a proxy's segment, is still caught.
     */
    private static String owner(WriteOp op, long segment) {
        String owner = op.completion.actor();
        return owner.equals(HistoryEvent.REMOTE_OWNER) ? owner + "@segment-" + segment : owner;
    }

    /** An owner acknowledges into its own segments only, and owners' acknowledged runs never interleave. */
    private void checkOwners() {
        Map<Long, String> segmentOwner = new HashMap<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        for (int i = 0; i < fin.size(); i++) {
            WriteOp op = ops.get(fin.get(i).payload());
            if (op == null || op.outcome() != HistoryEvent.Kind.OK) {
                continue;
            }
            long seg = fin.get(i).dlsn().segmentSequenceNumber();
            String owner = owner(op, seg);
            String other = segmentOwner.putIfAbsent(seg, owner);
            if (other != null && !other.equals(owner)) {
                report(Anomaly.OVERLAPPING_OWNERS, "owners " + other + " and " + owner
                        + " both acknowledged writes in segment " + seg, neighbours(i));
            }
            if (!owner.equals(current)) {
                if (finished.contains(owner)) {
                    report(Anomaly.OVERLAPPING_OWNERS, "owner " + owner + " acknowledged " + op.id + " after "
                            + current + " had acknowledged later records", neighbours(i));
                }
                if (current != null) {
                    finished.add(current);
                }
                current = owner;
            }
        }
    }

    private LogCounts counts(long[] reads) {
        long invoked = 0;
        long acked = 0;
        long failed = 0;
        long info = 0;
        long infoPresent = 0;
        for (WriteOp op : ops.values()) {
            invoked += op.invoke == null ? 0 : 1;
            switch (op.outcome()) {
                case OK -> acked++;
                case FAIL -> failed++;
                default -> {
                    info++;
                    infoPresent += op.position() >= 0 ? 1 : 0;
                }
            }
        }
        return new LogCounts(invoked, acked, failed, info, infoPresent, fin.size(), reads[0], reads[1]);
    }

    private List<String> neighbours(int index) {
        List<String> ctx = new ArrayList<>();
        for (int i = Math.max(0, index - CONTEXT); i <= Math.min(fin.size() - 1, index + CONTEXT); i++) {
            ctx.add((i == index ? "> " : "  ") + "final[" + i + "] " + fin.get(i));
        }
        return ctx;
    }

    private List<String> lostContext(WriteOp op) {
        List<String> ctx = new ArrayList<>(op.context());
        Integer near = indexOf.get(op.completion.dlsn());
        if (near == null) {
            near = Math.min(firstIndexAtOrAfter(op.completion.dlsn()), Math.max(0, fin.size() - 1));
        }
        if (!fin.isEmpty()) {
            ctx.addAll(neighbours(near));
        }
        return ctx;
    }

    private void report(Anomaly anomaly, String detail, List<String> context) {
        long n = totals.merge(anomaly, 1L, Long::sum);
        if (n <= LogVerdict.MAX_KEPT) {
            violations.add(new Violation(anomaly, log, detail, context));
        }
    }

    /** One write, assembled from its invoke and completion events. */
    private final class WriteOp {
        final String id;
        HistoryEvent invoke;
        HistoryEvent completion;

        WriteOp(String id) {
            this.id = id;
        }

        /** OK, FAIL or INFO; a write without a completion (its client died) is INFO. */
        HistoryEvent.Kind outcome() {
            return completion == null ? HistoryEvent.Kind.INFO : completion.kind();
        }

        /** Its first index in the final log, or -1. */
        int position() {
            List<Integer> at = positions.get(id);
            return at == null ? -1 : at.get(0);
        }

        List<String> context() {
            List<String> ctx = new ArrayList<>();
            if (invoke != null) {
                ctx.add(invoke.client() + " " + HistoryFormat.format(invoke).strip());
            }
            if (completion != null) {
                ctx.add(completion.client() + " " + HistoryFormat.format(completion).strip());
            }
            return ctx;
        }
    }
}
