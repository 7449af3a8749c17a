package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DLSNTest {

    @Provide
    Arbitrary<DLSN> dlsns() {
        // Small parts collide often, so equal components (and equal DLSNs) are well covered.
        Arbitrary<Long> part = Arbitraries.oneOf(Arbitraries.longs().between(0, 3),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        return Combinators.combine(part, part, part).as(DLSN::new);
    }

    @Property
    void parseShouldInvertToString(@ForAll("dlsns") DLSN dlsn) throws InvalidArgumentException {
        assertThat(DLSN.parse(dlsn.toString())).isEqualTo(dlsn);
        assertThat(dlsn.toString()).isEqualTo(dlsn.segmentSequenceNumber() + ":" + dlsn.entryId() + ":"
                + dlsn.slotId());
    }

    @Property
    void fromBytesShouldInvertToBytes(@ForAll("dlsns") DLSN dlsn) throws InvalidArgumentException {
        byte[] bytes = dlsn.toBytes();
        assertThat(bytes).hasSize(25);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, 24);
        assertThat(new long[] {buf.getLong(), buf.getLong(), buf.getLong()})
                .containsExactly(dlsn.segmentSequenceNumber(), dlsn.entryId(), dlsn.slotId());
        assertThat(DLSN.fromBytes(bytes)).isEqualTo(dlsn);
    }

    @Property
    void compareToShouldAgreeWithLexicographicOrderOfTheTriple(@ForAll("dlsns") DLSN a, @ForAll("dlsns") DLSN b) {
        long[] x = {a.segmentSequenceNumber(), a.entryId(), a.slotId()};
        long[] y = {b.segmentSequenceNumber(), b.entryId(), b.slotId()};
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(Arrays.compare(x, y)));
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    }

    @Example
    void constantsShouldHaveTheDocumentedValues() throws InvalidArgumentException {
        assertThat(DLSN.INITIAL).isEqualTo(DLSN.parse("1:0:0"));
        assertThat(DLSN.INVALID).isEqualTo(new DLSN(0, 0, 0));
        assertThat(DLSN.INVALID).isLessThan(DLSN.INITIAL);
        assertThat(new DLSN(1, 2, 3).nextEntry()).isEqualTo(new DLSN(1, 3, 0));
        assertThat(new DLSN(1, 2, 3).nextSlot()).isEqualTo(new DLSN(1, 2, 4));
    }

    @Example
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

    @Example
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

    @Example
    void constructorShouldRejectNegativeParts() {
        assertThatThrownBy(() -> new DLSN(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DLSN(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DLSN(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
