package io.dlog.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 items 7 and 9: a configuration whose entries cannot fit the bookies' frame, or whose pending bound
 * cannot hold one record of {@code record.max.bytes}, is rejected when it is built.
 */
class EntryLimitConfigTest {

    @Test
    void buildShouldRejectARecordLimitWhoseEntriesExceedTheBookiesFrame() {
        assertThatThrownBy(() -> DLConfig.builder().set(DLConfigKeys.RECORD_MAX_BYTES, 6 << 20).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record.max.bytes=6291456")
                .hasMessageContaining("bookkeeper.frame.max.bytes");
    }

    @Test
    void buildShouldRejectABatchLimitWhoseEntriesExceedTheBookiesFrame() {
        assertThatThrownBy(() -> DLConfig.builder().set(DLConfigKeys.BATCH_MAX_BYTES, 16 << 20).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writer.batch.max.bytes=16777216");
    }

    @Test
    void fromPropertiesShouldRejectTheSameLimits() {
        Properties p = new Properties();
        p.setProperty("record.max.bytes", Integer.toString(16 << 20));
        assertThatThrownBy(() -> DLConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame");
    }

    @Test
    void buildShouldRejectAPendingBoundThatCannotHoldOneRecordOfTheLimit() {
        assertThatThrownBy(() -> DLConfig.builder().set(DLConfigKeys.MAX_PENDING_BYTES, 1L << 20).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writer.max.pending.bytes=1048576")
                .hasMessageContaining("record.max.bytes=1048576");
    }

    @Test
    void buildShouldAcceptTheDefaultsAndTheLargestRecordThatFits() {
        assertThat(DLConfig.defaults().get(DLConfigKeys.RECORD_MAX_BYTES)).isEqualTo(1 << 20);
        DLConfig big = DLConfig.builder().set(DLConfigKeys.RECORD_MAX_BYTES, 4 << 20).build();
        assertThat(big.get(DLConfigKeys.RECORD_MAX_BYTES)).isEqualTo(4 << 20);
        DLConfig smallPending = DLConfig.builder().set(DLConfigKeys.MAX_PENDING_BYTES, 1L << 20)
                .set(DLConfigKeys.RECORD_MAX_BYTES, 1_000_000).build();
        assertThat(smallPending.get(DLConfigKeys.MAX_PENDING_BYTES)).isEqualTo(1L << 20);
    }

    @Test
    void buildShouldAcceptLargerEntriesWhenTheFrameLimitIsRaised() {
        DLConfig raised = DLConfig.builder().set(DLConfigKeys.BK_FRAME_MAX_BYTES, 64 << 20)
                .set(DLConfigKeys.RECORD_MAX_BYTES, 16 << 20).build();
        assertThat(raised.get(DLConfigKeys.RECORD_MAX_BYTES)).isEqualTo(16 << 20);
    }
}
