package io.dlog.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.Write;
import io.dlog.protocol.wire.WriteBulk;
import io.dlog.protocol.wire.WriteBulkResponse;
import io.dlog.protocol.wire.WriteResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a coalesced request is built from its calls and how its answer is shared out among them. */
class WriteBatchTest {
    private static Call<DLSN> write(String payload, long deadline) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return new Call<>("s", id -> Write.of(id, "s", p), r -> ((WriteResponse) r).dlsn(), deadline, p);
    }

    @Test
    void coalescedRequestShouldCarryTheRecordsInCallOrderAndTheEarliestDeadline() {
        WriteBatch b = WriteBatch.coalesced(List.of(write("a", 300), write("b", 100), write("c", 200)));
        WriteBulk request = (WriteBulk) b.carrier().request.apply(5);
        assertThat(request.payloads()).extracting(p -> new String(p, StandardCharsets.UTF_8))
                .containsExactly("a", "b", "c");
        assertThat(b.carrier().deadlineNanos).isEqualTo(100);
        assertThat(b.isCoalesced()).isTrue();
    }

    @Test
    void successShouldGiveEachCallItsOwnRecordsPosition() throws Exception {
        List<Call<?>> calls = List.of(write("a", 1), write("b", 1));
        WriteBatch b = WriteBatch.coalesced(calls);
        List<Outcome> each = b.split(new Outcome(Outcome.Kind.SUCCESS,
                new WriteBulkResponse(5, List.of(new DLSN(1, 2, 0), new DLSN(1, 2, 1))), null, "h:1"));
        assertThat(each).extracting(Outcome::kind).containsOnly(Outcome.Kind.SUCCESS);
        assertThat(write("x", 1).result.map(each.get(1).response())).isEqualTo(new DLSN(1, 2, 1));
    }

    @Test
    void answerWithTheWrongNumberOfPositionsShouldLeaveEveryCallsOutcomeUnknown() {
        WriteBatch b = WriteBatch.coalesced(List.of(write("a", 1), write("b", 1)));
        List<Outcome> each = b.split(new Outcome(Outcome.Kind.SUCCESS,
                new WriteBulkResponse(5, List.of(new DLSN(1, 2, 0))), null, "h:1"));
        assertThat(each).hasSize(2).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo(Outcome.Kind.UNKNOWN);
            assertThat(o.error().code()).isEqualTo(StatusCode.UNEXPECTED);
        });
    }

    @Test
    void exclusionsLearnedByTheRequestShouldReachEveryCall() {
        List<Call<?>> calls = List.of(write("a", 1), write("b", 1));
        WriteBatch b = WriteBatch.coalesced(calls);
        b.carrier().exclude.add("h:1");
        b.shareExclusions();
        assertThat(calls).allSatisfy(c -> assertThat(c.exclude).containsExactly("h:1"));
    }
}
