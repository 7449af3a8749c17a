package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;

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
}
