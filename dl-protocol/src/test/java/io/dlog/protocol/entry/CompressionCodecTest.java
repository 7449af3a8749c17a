package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.DLException;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.StatusCode;
import org.junit.jupiter.api.Test;

class CompressionCodecTest {

    @Test
    void idsShouldNeverChange() throws DLException {
        assertThat(CompressionCodec.NONE.id()).isEqualTo((byte) 0);
        assertThat(CompressionCodec.LZ4.id()).isEqualTo((byte) 1);
        assertThat(CompressionCodec.ZSTD.id()).isEqualTo((byte) 2);
        for (CompressionCodec codec : CompressionCodec.values()) {
            assertThat(CompressionCodec.fromId(codec.id())).isSameAs(codec);
        }
    }

    @Test
    void fromIdShouldFailWithInvalidEnvelopedEntryWhenIdIsUnknown() {
        for (int id : new int[] {-1, 3, 255, 256}) {
            assertThatThrownBy(() -> CompressionCodec.fromId(id))
                    .isInstanceOfSatisfying(DLException.class,
                            e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY))
                    .hasMessageContaining("id " + id);
        }
    }

    @Test
    void parseShouldAcceptNamesInAnyCase() throws InvalidArgumentException {
        assertThat(CompressionCodec.parse("none")).isEqualTo(CompressionCodec.NONE);
        assertThat(CompressionCodec.parse("LZ4")).isEqualTo(CompressionCodec.LZ4);
        assertThat(CompressionCodec.parse("Zstd")).isEqualTo(CompressionCodec.ZSTD);
        assertThat(CompressionCodec.parse(" zstd ")).isEqualTo(CompressionCodec.ZSTD);
    }

    @Test
    void parseShouldFailWithInvalidArgumentWhenNameIsUnknown() {
        for (String name : new String[] {null, "", "gzip", "lz-4", "zstd1"}) {
            assertThatThrownBy(() -> CompressionCodec.parse(name))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT));
        }
    }
}
