package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.StatusCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Line input of {@code dlog write}: strict Base64. */
class LineSourceTest {

    private static LineSource base64(String input) {
        return new LineSource(new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)),
                PayloadFormat.BASE64);
    }

    @Test
    void base64ShouldRejectUnpaddedInput() {
        assertThatThrownBy(() -> base64("e1\n").next()).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.status()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("line 1").contains("not a multiple of 4");
        });
    }

    @Test
    void base64ShouldDecodePaddedInputAndRejectBadCharacters() throws Exception {
        LineSource s = base64("ZTE=\naGk=\r\n");
        assertThat(s.next()).isEqualTo("e1".getBytes(StandardCharsets.US_ASCII));
        assertThat(s.next()).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(s.next()).isNull();
        assertThatThrownBy(() -> base64("ab!=\n").next()).isInstanceOf(CliException.class)
                .hasMessageContaining("not valid Base64");
    }
}
