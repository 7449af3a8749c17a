package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DLExceptionTest {

    @Test
    void fromWireShouldMapCodesToTheirSubclasses() {
        Map<Integer, Class<? extends DLException>> expected = Map.ofEntries(
                Map.entry(510, LogNotFoundException.class),
                Map.entry(522, LogExistsException.class),
                Map.entry(700, WriteFencedException.class),
                Map.entry(302, NotOwnerException.class),
                Map.entry(517, OverCapacityException.class),
                Map.entry(512, EndOfStreamException.class),
                Map.entry(602, InvalidStreamNameException.class),
                Map.entry(701, InvalidArgumentException.class),
                Map.entry(513, TransactionOutOfOrderException.class),
                Map.entry(413, TooLargeRecordException.class),
                Map.entry(504, LockingException.class),
                Map.entry(502, AlreadyClosedException.class),
                Map.entry(706, LogTruncatedException.class));
        expected.forEach((value, type) -> {
            DLException e = DLException.fromWire(value, "log orders: boom");
            assertThat(e).as("code %d", value).isExactlyInstanceOf(type);
            assertThat(e.code().value()).isEqualTo(value);
            assertThat(e.getMessage()).isEqualTo("log orders: boom");
        });
    }

    @Test
    void fromWireShouldKeepTheCodeWhenThereIsNoSubclass() {
        DLException e = DLException.fromWire(520, "bad entry");
        assertThat(e).isExactlyInstanceOf(DLException.class);
        assertThat(e.code()).isEqualTo(StatusCode.INVALID_ENVELOPED_ENTRY);
    }

    @Test
    void fromWireShouldCarryTheOwnerOfANotOwnerReply() {
        String message = NotOwnerException.messageFor("orders", "10.0.0.7:4181");
        DLException e = DLException.fromWire(StatusCode.FOUND.value(), message);
        assertThat(e).isInstanceOfSatisfying(NotOwnerException.class,
                n -> assertThat(n.owner()).contains("10.0.0.7:4181"));
        assertThat(e.code()).isEqualTo(StatusCode.FOUND);
    }

    @Test
    void fromWireShouldGiveNoOwnerWhenTheOwnerIsUnknown() {
        DLException noOwner = DLException.fromWire(302, NotOwnerException.messageFor("orders", null));
        assertThat(((NotOwnerException) noOwner).owner()).isEmpty();
        DLException noTag = DLException.fromWire(302, "not the owner");
        assertThat(((NotOwnerException) noTag).owner()).isEmpty();
        DLException nullMessage = DLException.fromWire(302, null);
        assertThat(((NotOwnerException) nullMessage).owner()).isEmpty();
    }

    @Test
    void fromWireShouldPreferTheOwnerFieldOverTheMessageWhenAWireAnswerHasOne() {
        DLException e = DLException.fromWire(302, "stream orders is owned elsewhere", "10.0.0.8:7002");
        assertThat(e).isInstanceOfSatisfying(NotOwnerException.class,
                n -> assertThat(n.owner()).contains("10.0.0.8:7002"));
        DLException fallback = DLException.fromWire(302, NotOwnerException.messageFor("orders", "h:1"), "");
        assertThat(((NotOwnerException) fallback).owner()).contains("h:1");
    }

    @Test
    void fromWireShouldKeepTheNumberOfAnUnknownCode() {
        DLException e = DLException.fromWire(9999, "from the future");
        assertThat(e.code()).isEqualTo(StatusCode.UNKNOWN);
        assertThat(e.getMessage()).contains("9999").contains("from the future");
    }

    @Test
    void dlExceptionShouldBeAnIoExceptionWithItsCodeInToString() {
        DLException e = new LogNotFoundException("log orders does not exist");
        assertThat(e).isInstanceOf(IOException.class);
        assertThat(e.toString()).contains("LOG_NOT_FOUND").contains("510").contains("log orders does not exist");
        assertThatThrownBy(() -> new DLException(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
