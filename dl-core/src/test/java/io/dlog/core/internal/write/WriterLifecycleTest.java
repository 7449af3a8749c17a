package io.dlog.core.internal.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.StatusCode;
import io.dlog.protocol.WriteFencedException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The writer's state machine: every allowed transition, every refused one, and what each state does to writes. */
class WriterLifecycleTest {
    /** The table as the design states it (docs/writing.md); the enum must agree with it exactly. */
    private static final Map<WriterState, Set<WriterState>> EXPECTED = Map.of(
            WriterState.WRITING, EnumSet.of(WriterState.ROLLING, WriterState.SEALING, WriterState.CLOSING,
                    WriterState.FAILED),
            WriterState.ROLLING, EnumSet.of(WriterState.WRITING, WriterState.SEALING, WriterState.CLOSING,
                    WriterState.FAILED),
            WriterState.SEALING, EnumSet.of(WriterState.SEALED, WriterState.FAILED),
            WriterState.SEALED, EnumSet.of(WriterState.CLOSED, WriterState.FAILED),
            WriterState.CLOSING, EnumSet.of(WriterState.CLOSED, WriterState.FAILED),
            WriterState.FAILED, EnumSet.of(WriterState.CLOSED),
            WriterState.CLOSED, EnumSet.noneOf(WriterState.class));

    @ParameterizedTest
    @EnumSource(WriterState.class)
    void moveToShouldAllowExactlyTheListedTransitionsWhenStartingFromEachState(WriterState from) {
        for (WriterState to : WriterState.values()) {
            WriterLifecycle life = new WriterLifecycle("ns/log", from);
            if (EXPECTED.get(from).contains(to)) {
                life.moveTo(to);
                assertThat(life.state()).isEqualTo(to);
            } else {
                assertThatThrownBy(() -> life.moveTo(to)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(from + " to " + to);
                assertThat(life.state()).as("a refused transition changes nothing").isEqualTo(from);
            }
        }
    }

    @Test
    void failedAndClosedWritersShouldNeverReturnToAnAcceptingState() {
        for (WriterState terminalish : EnumSet.of(WriterState.FAILED, WriterState.CLOSED)) {
            for (WriterState accepting : EnumSet.of(WriterState.WRITING, WriterState.ROLLING)) {
                assertThat(terminalish.canMoveTo(accepting)).as(terminalish + " -> " + accepting).isFalse();
            }
        }
    }

    @Test
    void rejectWriteShouldAcceptOnlyWhenWritingOrRollingWithoutARequest() {
        for (WriterState s : WriterState.values()) {
            WriterLifecycle life = new WriterLifecycle("ns/log", s);
            boolean accepts = s == WriterState.WRITING || s == WriterState.ROLLING;
            if (s == WriterState.FAILED) {
                continue; // failure() is null when constructed FAILED; covered below
            }
            assertThat(life.rejectWrite() == null).as(s.name()).isEqualTo(accepts);
        }
    }

    @Test
    void rejectWriteShouldSayAlreadyClosedWhenCloseWasRequestedDuringARoll() {
        WriterLifecycle life = new WriterLifecycle("ns/log", WriterState.WRITING);
        life.moveTo(WriterState.ROLLING);
        assertThat(life.rejectWrite()).isNull();
        assertThat(life.requestClose()).isTrue();
        assertThat(life.requestClose()).as("a second request is not new").isFalse();
        assertThat(life.state()).as("the roll goes on").isEqualTo(WriterState.ROLLING);
        assertThat(life.rejectWrite().code()).isEqualTo(StatusCode.ALREADY_CLOSED);
    }

    @Test
    void rejectWriteShouldSayEndOfStreamWhenSealWasRequestedDuringARoll() {
        WriterLifecycle life = new WriterLifecycle("ns/log", WriterState.WRITING);
        life.moveTo(WriterState.ROLLING);
        life.requestSeal();
        assertThat(life.rejectWrite().code()).isEqualTo(StatusCode.END_OF_STREAM);
        life.moveTo(WriterState.SEALING);
        assertThat(life.rejectWrite().code()).isEqualTo(StatusCode.END_OF_STREAM);
    }

    @Test
    void failShouldKeepTheFirstCauseAndRefuseWritesWithIt() {
        WriterLifecycle life = new WriterLifecycle("ns/log", WriterState.WRITING);
        life.moveTo(WriterState.ROLLING);
        WriteFencedException first = new WriteFencedException("lock lost");
        assertThat(life.fail(first)).isTrue();
        assertThat(life.fail(new WriteFencedException("again"))).isFalse();
        assertThat(life.state()).isEqualTo(WriterState.FAILED);
        assertThat(life.rejectWrite()).isSameAs(first);
        assertThatThrownBy(() -> life.moveTo(WriterState.WRITING)).as("a late roll result cannot revive it")
                .isInstanceOf(IllegalStateException.class);
        life.moveTo(WriterState.CLOSED);
        assertThat(life.fail(new WriteFencedException("after close"))).isFalse();
        assertThat(life.state()).isEqualTo(WriterState.CLOSED);
    }
}
