package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "Orders-2024_v1.0", "a.b", "a..b", "x-", "_", "0", "9lives", "-"})
    void validateShouldAcceptNamesFromTheAllowedAlphabet(String name) throws InvalidStreamNameException {
        assertThat(LogNames.validate(name)).isSameAs(name);
        assertThat(LogNames.isValid(name)).isTrue();
    }

    @Test
    void validateShouldAcceptTheLongestAllowedName() throws InvalidStreamNameException {
        String name = "n".repeat(255);
        assertThat(LogNames.validate(name)).isEqualTo(name);
    }

    static Stream<String> badNames() {
        return Stream.of(
                "", null,
                "a/b", "/a", "a/", "/",
                "..", ".", ".hidden",
                "a\u0000b", "\u0000", "a\tb", "a\nb", "a\rb", "\u001f", "a\u007fb", "a\u0085b",
                "a\ud800b", "a\udc00", "\ud83d\ude00",
                "a\ufff0", "a\ufffd", "a\uffff", "\ufeffa",
                "e\u0301", "\u00e9", "\u0430bc", "\uff41", "a b", "a:b", "a\\b", "a*b", "a%2Fb",
                "n".repeat(256),
                "lock", "segments", "maxtxid", "ledgers", "<default>");
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void validateShouldFailWithInvalidStreamNameWhenNameBreaksARule(String name) {
        assertThatThrownBy(() -> LogNames.validate(name))
                .isInstanceOfSatisfying(InvalidStreamNameException.class,
                        e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_STREAM_NAME));
        assertThat(LogNames.isValid(name)).isFalse();
    }

    @Test
    void validateShouldNotEchoControlCharactersInTheMessage() {
        assertThatThrownBy(() -> LogNames.validate("bad\u0000\u001b[2Jname"))
                .hasMessageNotContaining("\u0000")
                .hasMessageNotContaining("\u001b")
                .hasMessageContaining("U+0000");
    }
}
