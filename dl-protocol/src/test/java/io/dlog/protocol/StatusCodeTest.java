package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCodeTest {

    /** Every constant's wire value. A released value never changes: edit this table only to add a code. */
    private static final Map<StatusCode, Integer> PINNED = pinned();

    private static Map<StatusCode, Integer> pinned() {
        Map<StatusCode, Integer> m = new LinkedHashMap<>();
        m.put(StatusCode.UNKNOWN, -1);
        m.put(StatusCode.SUCCESS, 200);
        m.put(StatusCode.CLIENT_CLOSED, 301);
        m.put(StatusCode.FOUND, 302);
        m.put(StatusCode.REQUEST_DENIED, 403);
        m.put(StatusCode.TOO_LARGE_RECORD, 413);
        m.put(StatusCode.INTERNAL_SERVER_ERROR, 500);
        m.put(StatusCode.NOT_IMPLEMENTED, 501);
        m.put(StatusCode.ALREADY_CLOSED, 502);
        m.put(StatusCode.SERVICE_UNAVAILABLE, 503);
        m.put(StatusCode.LOCKING_EXCEPTION, 504);
        m.put(StatusCode.ZOOKEEPER_ERROR, 505);
        m.put(StatusCode.METADATA_EXCEPTION, 506);
        m.put(StatusCode.BK_TRANSMIT_ERROR, 507);
        m.put(StatusCode.FLUSH_TIMEOUT, 508);
        m.put(StatusCode.LOG_EMPTY, 509);
        m.put(StatusCode.LOG_NOT_FOUND, 510);
        m.put(StatusCode.TRUNCATED_TRANSACTION, 511);
        m.put(StatusCode.END_OF_STREAM, 512);
        m.put(StatusCode.TRANSACTION_OUT_OF_ORDER, 513);
        m.put(StatusCode.WRITE_EXCEPTION, 514);
        m.put(StatusCode.STREAM_UNAVAILABLE, 515);
        m.put(StatusCode.WRITE_CANCELLED_EXCEPTION, 516);
        m.put(StatusCode.OVER_CAPACITY, 517);
        m.put(StatusCode.STREAM_NOT_READY, 518);
        m.put(StatusCode.INVALID_ENVELOPED_ENTRY, 520);
        m.put(StatusCode.UNSUPPORTED_METADATA_VERSION, 521);
        m.put(StatusCode.LOG_EXISTS, 522);
        m.put(StatusCode.CHECKSUM_FAILED, 523);
        m.put(StatusCode.TOO_MANY_STREAMS, 524);
        m.put(StatusCode.LOG_SEGMENT_NOT_FOUND, 525);
        m.put(StatusCode.UNEXPECTED, 600);
        m.put(StatusCode.INTERRUPTED, 601);
        m.put(StatusCode.INVALID_STREAM_NAME, 602);
        m.put(StatusCode.ILLEGAL_STATE, 603);
        m.put(StatusCode.RETRYABLE_READ, 1000);
        m.put(StatusCode.LOG_READ_ERROR, 1001);
        m.put(StatusCode.READ_CANCELLED_EXCEPTION, 1002);
        m.put(StatusCode.WRITE_FENCED, 700);
        m.put(StatusCode.INVALID_ARGUMENT, 701);
        m.put(StatusCode.MALFORMED_FRAME, 702);
        m.put(StatusCode.MALFORMED_REQUEST, 703);
        m.put(StatusCode.UNKNOWN_OPCODE, 704);
        m.put(StatusCode.UNSUPPORTED_VERSION, 705);
        m.put(StatusCode.LOG_TRUNCATED, 706);
        m.put(StatusCode.UNAUTHENTICATED, 707);
        m.put(StatusCode.DUPLICATE_REQUEST_ID, 708);
        m.put(StatusCode.TIMEOUT, 709);
        return m;
    }

    @Test
    void valuesShouldMatchThePinnedTable() {
        assertThat(StatusCode.values()).as("every constant is pinned").containsExactlyInAnyOrderElementsOf(
                PINNED.keySet());
        PINNED.forEach((code, value) -> assertThat(code.value()).as(code.name()).isEqualTo(value));
    }

    @Test
    void valuesShouldBeUnique() {
        assertThat(Arrays.stream(StatusCode.values()).map(StatusCode::value)).doesNotHaveDuplicates();
    }

    @Test
    void fromValueShouldInvertValue() {
        for (StatusCode code : StatusCode.values()) {
            assertThat(StatusCode.fromValue(code.value())).isSameAs(code);
        }
    }

    @Test
    void fromValueShouldGiveUnknownWhenValueIsNotKnown() {
        for (int value : new int[] {0, 1, 201, 519, 999, 1003, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThat(StatusCode.fromValue(value)).isEqualTo(StatusCode.UNKNOWN);
        }
    }

    @Test
    void retryableShouldBeSetForTransientConditionsOnly() {
        assertThat(StatusCode.OVER_CAPACITY.isRetryable()).isTrue();
        assertThat(StatusCode.SERVICE_UNAVAILABLE.isRetryable()).isTrue();
        assertThat(StatusCode.FOUND.isRetryable()).isTrue();
        assertThat(StatusCode.WRITE_FENCED.isRetryable()).isFalse();
        // Never sent, so a retry cannot duplicate it (docs/writing.md: "not written").
        assertThat(StatusCode.WRITE_CANCELLED_EXCEPTION.isRetryable()).isTrue();
        assertThat(StatusCode.INVALID_ENVELOPED_ENTRY.isRetryable()).isFalse();
        assertThat(StatusCode.LOG_NOT_FOUND.isRetryable()).isFalse();
    }
}
