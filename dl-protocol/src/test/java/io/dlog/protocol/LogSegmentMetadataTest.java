package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogSegmentMetadataTest {

    @Test
    void inProgressThenCompleteShouldCarryTheFinalFigures() {
        LogSegmentMetadata started = LogSegmentMetadata.inProgress(3, 77, 10, 1000);
        assertThat(started.isInProgress()).isTrue();
        assertThat(started.firstDLSN()).isEqualTo(new DLSN(3, 0, 0));
        assertThat(started.minActiveDLSN()).isEqualTo(started.firstDLSN());
        assertThat(started.lastDLSN()).isEqualTo(DLSN.INVALID);

        LogSegmentMetadata done = started.complete(10, 20, new DLSN(3, 4, 1), 11, 4096, 2000);
        assertThat(done.state()).isEqualTo(SegmentState.COMPLETED);
        assertThat(done.isInProgress()).isFalse();
        assertThat(done.lastTxId()).isEqualTo(20);
        assertThat(done.recordCount()).isEqualTo(11);
        assertThat(done.createdAtMillis()).isEqualTo(1000);
        assertThat(done.completedAtMillis()).isEqualTo(2000);
        assertThat(done.withState(SegmentState.TRUNCATED).state()).isEqualTo(SegmentState.TRUNCATED);
        assertThat(done.withMinActiveDLSN(new DLSN(3, 2, 0)).minActiveDLSN()).isEqualTo(new DLSN(3, 2, 0));
    }

    @Test
    void constructorShouldRejectInvalidFields() {
        assertThatThrownBy(() -> LogSegmentMetadata.inProgress(0, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        LogSegmentMetadata s = LogSegmentMetadata.inProgress(1, 1, 1, 0);
        assertThatThrownBy(() -> s.complete(1, 2, DLSN.INITIAL, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withState(null)).isInstanceOf(NullPointerException.class);
    }
}
