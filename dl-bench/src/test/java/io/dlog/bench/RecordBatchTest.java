package io.dlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchTest {

    @Test
    void roundTripsRecordsInOrder() {
        List<byte[]> in = List.of(new byte[] {1, 2, 3}, new byte[0], new byte[] {9});
        byte[] entry = RecordBatch.encode(in);
        assertThat(entry).hasSize(RecordBatch.HEADER_BYTES + 3 * RecordBatch.PER_RECORD_BYTES + 4);
        List<byte[]> out = RecordBatch.decode(ByteBuffer.wrap(entry));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).containsExactly(1, 2, 3);
        assertThat(out.get(1)).isEmpty();
        assertThat(out.get(2)).containsExactly(9);
    }

    @Test
    void optionsParseModesAndSystems() {
        BenchOptions o = BenchOptions.parse(new String[] {"compare", "--smoke", "--systems", "dlog,dl",
            "--fsync", "false", "--no-fork"});
        assertThat(o.mode()).isEqualTo("smoke");
        assertThat(o.systems()).containsExactly("dlog", "dl");
        assertThat(o.fsync()).isFalse();
        assertThat(o.fork()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"compare"}).mode()).isEqualTo("quick");
        assertThat(o.storage()).isEqualTo("disk");
        assertThat(BenchOptions.parse(new String[] {"compare", "--storage", "memory"}).storage()).isEqualTo("memory");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse(new String[] {"compare",
            "--storage", "ssd"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disk or memory");
    }
}
