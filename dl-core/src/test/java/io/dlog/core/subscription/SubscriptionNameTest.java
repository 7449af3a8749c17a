package io.dlog.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.Subscription;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.StatusCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Subscription names: the log-name allowlist, checked before any ZooKeeper call. */
class SubscriptionNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "a/b", "a b", "caf\u00e9", "tab\t", "../x", "a\u0000"})
    void validateNameShouldRejectWithInvalidArgumentWhenTheNameBreaksARule(String bad) {
        assertThatThrownBy(() -> Subscription.validateName(bad)).isInstanceOf(DLException.class)
                .satisfies(e -> assertThat(((DLException) e).code()).isEqualTo(StatusCode.INVALID_ARGUMENT));
    }

    @Test
    void validateNameShouldRejectNullAndOverlongNames() {
        assertThatThrownBy(() -> Subscription.validateName(null)).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Subscription.validateName("x".repeat(256))).hasMessageContaining("at most 255");
    }

    @Test
    void validateNameShouldAcceptTheAllowlist() throws Exception {
        assertThat(Subscription.validateName("billing")).isEqualTo("billing");
        assertThat(Subscription.validateName("A-z_0.9")).isEqualTo("A-z_0.9");
        assertThat(Subscription.validateName("x".repeat(255))).hasSize(255);
    }

    @Test
    void toStringShouldShowTheNameAndPosition() {
        assertThat(new Subscription("b", Optional.of(new DLSN(3, 0, 5)))).hasToString("b@3:0:5");
        assertThat(new Subscription("b", Optional.empty())).hasToString("b@none");
    }
}
