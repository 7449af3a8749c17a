package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link LogRecord} and {@link LogRecordWithDLSN}: equality by content, and payloads never printed. */
class LogRecordTest {
    private static final String SECRET = "card=4111111111111111";

    private static byte[] secret() {
        return SECRET.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void equalsShouldCompareLogRecordsByContent() {
        LogRecord a = new LogRecord(5, secret(), LogRecord.FLAG_NONE);
        LogRecord b = new LogRecord(5, secret(), LogRecord.FLAG_NONE);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new LogRecord(6, secret(), LogRecord.FLAG_NONE));
        assertThat(a).isNotEqualTo(new LogRecord(5, secret(), LogRecord.FLAG_CONTROL));
        assertThat(a).isNotEqualTo(new LogRecord(5, new byte[] {1}, LogRecord.FLAG_NONE));
    }

    @Test
    void equalsShouldCompareLogRecordsWithDlsnByContent() {
        DLSN dlsn = new DLSN(1, 2, 3);
        LogRecordWithDLSN a = new LogRecordWithDLSN(dlsn, 5, secret(), 0);
        LogRecordWithDLSN b = new LogRecordWithDLSN(new DLSN(1, 2, 3), 5, secret(), 0);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new LogRecordWithDLSN(new DLSN(1, 2, 4), 5, secret(), 0));
        assertThat(a).isNotEqualTo(new LogRecordWithDLSN(dlsn, 6, secret(), 0));
        assertThat(a).isNotEqualTo(new LogRecordWithDLSN(dlsn, 5, secret(), 1));
        assertThat(a).isNotEqualTo(new LogRecordWithDLSN(dlsn, 5, new byte[0], 0));
        assertThat(a.record()).isEqualTo(new LogRecord(5, secret(), 0));
    }

    @Test
    void toStringShouldNeverContainThePayload() {
        LogRecord record = LogRecord.of(5, secret());
        LogRecordWithDLSN withDlsn = new LogRecordWithDLSN(new DLSN(1, 2, 3), 5, secret(), 0);
        for (String text : new String[] {record.toString(), LogRecord.of(secret()).toString(), withDlsn.toString()}) {
            assertThat(text).doesNotContain(SECRET).doesNotContain("4111").contains("bytes=" + SECRET.length());
        }
        assertThat(withDlsn.toString()).contains("1:2:3");
        assertThat(LogRecord.of(secret()).toString()).contains("txid=auto");
    }

    @Test
    void flagsShouldClassifyControlAndEndOfStreamRecords() {
        assertThat(LogRecord.of(1, secret()).isControl()).isFalse();
        assertThat(new LogRecord(1, secret(), LogRecord.FLAG_CONTROL).isControl()).isTrue();
        LogRecord eos = new LogRecord(1, new byte[0], LogRecord.FLAG_END_OF_STREAM);
        assertThat(eos.isControl()).isTrue();
        assertThat(eos.isEndOfStream()).isTrue();
        LogRecordWithDLSN read = new LogRecordWithDLSN(DLSN.INITIAL, 1, new byte[0], LogRecord.FLAG_END_OF_STREAM);
        assertThat(read.isControl()).isTrue();
        assertThat(read.isEndOfStream()).isTrue();
    }

    @Test
    void ofShouldAssignAutoTxidAndWithTxidShouldReplaceIt() {
        LogRecord auto = LogRecord.of(secret());
        assertThat(auto.hasAutoTxid()).isTrue();
        assertThat(auto.txid()).isEqualTo(LogRecord.AUTO_TXID);
        assertThat(auto.withTxid(9).txid()).isEqualTo(9);
        assertThat(auto.withTxid(9).hasAutoTxid()).isFalse();
    }

    @Test
    void constructorsShouldRejectNulls() {
        assertThatThrownBy(() -> LogRecord.of(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LogRecordWithDLSN(null, 1, new byte[0], 0))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LogRecordWithDLSN(DLSN.INITIAL, 1, null, 0))
                .isInstanceOf(NullPointerException.class);
    }
}
