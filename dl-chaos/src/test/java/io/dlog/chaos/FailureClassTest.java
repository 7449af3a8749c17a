package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.client.DLClient;
import io.dlog.client.OutcomeUnknownException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailureClassTest {

    @Test
    void isDefiniteShouldBeTrueWhenWriteWasCancelledBeforeSending() {
        assertThat(FailureClass.isDefinite(516, false)).isTrue();
        assertThat(FailureClass.isDefinite(516, true)).isTrue();
    }

    @Test
    void isDefiniteShouldBeTrueWhenWriterRejectedRecordWhileAcceptingIt() {
        assertThat(FailureClass.isDefinite(701, true)).isTrue();
        assertThat(FailureClass.isDefinite(413, true)).isTrue();
        assertThat(FailureClass.isDefinite(502, true)).isTrue();
    }

    @Test
    void isDefiniteShouldBeFalseWhenFailureMayFollowSending() {
        assertThat(FailureClass.isDefinite(700, false)).isFalse();   // fenced with the record in flight
        assertThat(FailureClass.isDefinite(700, true)).isFalse();    // a failed writer's cause: could be in flight
        assertThat(FailureClass.isDefinite(507, false)).isFalse();
        assertThat(FailureClass.isDefinite(502, false)).isFalse();   // closed with the record pending
        assertThat(FailureClass.isDefinite(709, false)).isFalse();
    }

    @Test
    void isDefiniteRemoteShouldBeFalseWhenOutcomeIsUnknownWhateverTheCode() {
        assertThat(FailureClass.isDefiniteRemote(new OutcomeUnknownException(StatusCode.TIMEOUT, "no answer")))
                .isFalse();
        assertThat(FailureClass.isDefiniteRemote(new CompletionException(
                new OutcomeUnknownException(StatusCode.WRITE_EXCEPTION, "connection lost after sending")))).isFalse();
        assertThat(FailureClass.isDefiniteRemote(new OutcomeUnknownException(StatusCode.CLIENT_CLOSED, "closed")))
                .isFalse();
    }

    @Test
    void isDefiniteRemoteShouldBeTrueWhenProxyRejectedBeforeWritingOrClientNeverSent() {
        assertThat(FailureClass.isDefiniteRemote(new DLException(StatusCode.LOCKING_EXCEPTION, "held"))).isTrue();
        assertThat(FailureClass.isDefiniteRemote(new DLException(StatusCode.SERVICE_UNAVAILABLE, "none"))).isTrue();
        assertThat(FailureClass.isDefiniteRemote(new DLException(StatusCode.TIMEOUT, "retries ran out"))).isTrue();
        assertThat(FailureClass.isDefiniteRemote(new DLException(StatusCode.fromValue(516), "cancelled"))).isTrue();
        assertThat(FailureClass.isDefiniteRemote(new DLException(StatusCode.WRITE_FENCED, "fenced"))).isFalse();
        assertThat(FailureClass.isDefiniteRemote(new IllegalStateException("not a DLException"))).isFalse();
    }

    @Test
    void isDefiniteRemoteShouldAgreeWithClientForEveryStatusCode() {
        // The checker trusts FailureClass; the client documents the same split (docs/client.md): keep them one table.
        for (StatusCode code : StatusCode.values()) {
            DLException plain = new DLException(code, "from the proxy");
            assertThat(FailureClass.isDefiniteRemote(plain)).as("%s", code)
                    .isEqualTo(!DLClient.isIndeterminate(plain));
            OutcomeUnknownException unknown = new OutcomeUnknownException(code, "sent, no answer");
            assertThat(FailureClass.isDefiniteRemote(unknown)).as("unknown %s", code)
                    .isEqualTo(!DLClient.isIndeterminate(unknown)).isFalse();
        }
    }
}
