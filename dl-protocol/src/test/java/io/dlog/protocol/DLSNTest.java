package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DLSNTest {
    private static final int TRIES = 1000;

    static LongStream parseSeeds() {
        return Seeds.of("DLSNTest.parse", TRIES);
    }

    static LongStream bytesSeeds() {
        return Seeds.of("DLSNTest.bytes", TRIES);
    }

    static LongStream compareSeeds() {
        return Seeds.of("DLSNTest.compare", TRIES);
    }

    /**
     * A random DLSN. Each part is 0 to 3 half of the time (so equal parts and equal DLSNs are common), else any
     * non-negative long, {@code Long.MAX_VALUE} included as an edge case.
     */
    static DLSN randomDlsn(Random random) {
        return new DLSN(part(random), part(random), part(random));
    }

    private static long part(Random random) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            return random.nextInt(4);
        }
        return kind < 9 ? random.nextLong() & Long.MAX_VALUE : Long.MAX_VALUE;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("parseSeeds")
    void parseShouldInvertToString(long seed) {
        Seeds.check(seed, random -> {
            DLSN dlsn = randomDlsn(random);
            assertThat(DLSN.parse(dlsn.toString())).isEqualTo(dlsn);
            assertThat(dlsn.toString()).isEqualTo(dlsn.segmentSequenceNumber() + ":" + dlsn.entryId() + ":"
                    + dlsn.slotId());
        });
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("bytesSeeds")
    void fromBytesShouldInvertToBytes(long seed) {
        Seeds.check(seed, random -> {
            DLSN dlsn = randomDlsn(random);
            byte[] bytes = dlsn.toBytes();
            assertThat(bytes).hasSize(25);
            assertThat(bytes[0]).isEqualTo((byte) 1);
            ByteBuffer buf = ByteBuffer.wrap(bytes, 1, 24);
            assertThat(new long[] {buf.getLong(), buf.getLong(), buf.getLong()})
                    .containsExactly(dlsn.segmentSequenceNumber(), dlsn.entryId(), dlsn.slotId());
            assertThat(DLSN.fromBytes(bytes)).isEqualTo(dlsn);
        });
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("compareSeeds")
    void compareToShouldAgreeWithLexicographicOrderOfTheTriple(long seed) {
        Seeds.check(seed, random -> {
            DLSN a = randomDlsn(random);
            DLSN b = randomDlsn(random);
            long[] x = {a.segmentSequenceNumber(), a.entryId(), a.slotId()};
            long[] y = {b.segmentSequenceNumber(), b.entryId(), b.slotId()};
            assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(Arrays.compare(x, y)));
            assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
            assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
        });
    }

    @Test
    void constantsShouldHaveTheDocumentedValues() throws InvalidArgumentException {
        assertThat(DLSN.INITIAL).isEqualTo(DLSN.parse("1:0:0"));
        assertThat(DLSN.INVALID).isEqualTo(new DLSN(0, 0, 0));
        assertThat(DLSN.INVALID).isLessThan(DLSN.INITIAL);
        assertThat(new DLSN(1, 2, 3).nextEntry()).isEqualTo(new DLSN(1, 3, 0));
        assertThat(new DLSN(1, 2, 3).nextSlot()).isEqualTo(new DLSN(1, 2, 4));
    }

    @Test
    void parseShouldFailWithInvalidArgumentWhenTextIsMalformed() {
        String[] malformed = {"", "1:2", "a:b:c", "-1:0:0", "1:0:0:0", null, "1::0", ":1:0", "1:2:3:",
            "+1:0:0", "1:-0:0", "1:2:0x3", "1:2:9223372036854775808", "1 :2:3"};
        for (String text : malformed) {
            assertThatThrownBy(() -> DLSN.parse(text))
                    .as("'%s'", text)
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void fromBytesShouldFailWithInvalidArgumentWhenBytesAreMalformed() {
        byte[] good = new DLSN(1, 2, 3).toBytes();
        byte[] badVersion = good.clone();
        badVersion[0] = 2;
        byte[] negative = good.clone();
        negative[1] = (byte) 0x80;
        for (byte[] bytes : new byte[][] {null, new byte[0], Arrays.copyOf(good, 24), Arrays.copyOf(good, 26),
            badVersion, negative}) {
            assertThatThrownBy(() -> DLSN.fromBytes(bytes))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void constructorShouldRejectNegativeParts() {
        assertThatThrownBy(() -> new DLSN(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DLSN(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DLSN(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
