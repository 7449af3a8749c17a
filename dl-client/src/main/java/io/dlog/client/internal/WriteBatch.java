package io.dlog.client.internal;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.WriteBulk;
import io.dlog.protocol.wire.WriteBulkResponse;
import io.dlog.protocol.wire.WriteResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls one request carries: one call alone, or several single-record writes of one stream coalesced into one
 * {@code WRITE_BULK} (their records in call order). A coalesced request succeeds or fails as a whole, so every call
 * in it shares its outcome; on success each call gets its own record's position.
 */
final class WriteBatch {
    private final List<Call<?>> calls;
    private final Call<?> carrier;

    private WriteBatch(List<Call<?>> calls, Call<?> carrier) {
        this.calls = calls;
        this.carrier = carrier;
    }

    /** A call sent as its own request. */
    static WriteBatch alone(Call<?> call) {
        return new WriteBatch(List.of(call), call);
    }

    /**
     * Single-record writes sent as one bulk request.
     *
     * @param calls two or more calls of one stream with a {@link Call#payload}, in call order
     */
    static WriteBatch coalesced(List<Call<?>> calls) {
        Call<?> first = calls.get(0);
        List<byte[]> payloads = new ArrayList<>(calls.size());
        long deadline = first.deadlineNanos;
        for (Call<?> c : calls) {
            payloads.add(c.payload);
            // the request is answered or timed out as a whole: the first call to time out bounds it
            if (c.deadlineNanos - deadline < 0) {
                deadline = c.deadlineNanos;
            }
        }
        String stream = first.stream;
        List<byte[]> records = List.copyOf(payloads);
        Call<Response> carrier = new Call<>(stream, id -> WriteBulk.of(id, stream, records), r -> r, deadline);
        carrier.exclude.addAll(first.exclude);
        return new WriteBatch(List.copyOf(calls), carrier);
    }

    /** The calls, in call order. */
    List<Call<?>> calls() {
        return calls;
    }

    /** What is sent: the call itself, or a bulk write of the calls' records. */
    Call<?> carrier() {
        return carrier;
    }

    boolean isCoalesced() {
        return calls.size() > 1;
    }

    /** Passes what the carrier's attempt learned (proxies to avoid for the stream) on to every call. */
    void shareExclusions() {
        if (isCoalesced()) {
            for (Call<?> c : calls) {
                c.exclude.addAll(carrier.exclude);
            }
        }
    }

    /**
     * The outcome for each call, in call order: the request's own for a call alone or a failure; for a coalesced
     * success, a single write's answer with the call's record's position.
     */
    List<Outcome> split(Outcome outcome) {
        if (!isCoalesced()) {
            return List.of(outcome);
        }
        List<Outcome> out = new ArrayList<>(calls.size());
        if (outcome.kind() != Outcome.Kind.SUCCESS) {
            for (int i = 0; i < calls.size(); i++) {
                out.add(outcome);
            }
            return out;
        }
        Response r = outcome.response();
        List<DLSN> dlsns = r instanceof WriteBulkResponse b ? b.dlsns() : List.of();
        if (dlsns.size() != calls.size()) {
            // applied, but the answer does not say where each record went: as good as an unknown outcome
            Outcome unknown = new Outcome(Outcome.Kind.UNKNOWN, null, new DLException(StatusCode.UNEXPECTED,
                    "coalesced write of " + calls.size() + " records to " + carrier.stream + " answered with " + r),
                    outcome.address());
            for (int i = 0; i < calls.size(); i++) {
                out.add(unknown);
            }
            return out;
        }
        for (DLSN d : dlsns) {
            out.add(new Outcome(Outcome.Kind.SUCCESS, new WriteResponse(r.requestId(), d), null, outcome.address()));
        }
        return out;
    }
}
