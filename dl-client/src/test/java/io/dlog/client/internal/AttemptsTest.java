package io.dlog.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.NotOwnerException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AttemptsTest {
    private static final Duration MAX = Duration.ofSeconds(1);
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Router router = new Router(List.of("a:1", "b:1"), MAX.toNanos(), now::get);
    private final Attempts attempts = new Attempts(router, null, now::get, Duration.ofMillis(10), MAX);

    private Call<Void> redirectedTimes(int n, String owner) {
        Call<Void> call = new Call<>("orders", id -> null, r -> null, now.get() + TimeUnit.MINUTES.toNanos(1));
        call.attempts = n;
        call.lastError = new NotOwnerException(owner, NotOwnerException.messageFor("orders", owner));
        return call;
    }

    @Test
    void redirectToAReachableOwnerShouldBackOffUpToTheMaximum() {
        assertThat(attempts.delayNanos(redirectedTimes(1, "a:1"))).isZero();
        assertThat(attempts.delayNanos(redirectedTimes(12, "a:1"))).isEqualTo(MAX.toNanos());
    }

    @Test
    void redirectToAnUnreachableOwnerShouldBePolledOftenWhileItsSessionRunsOut() {
        router.unreachable("a:1", "connection refused");
        // the proxy that answered FOUND takes the stream once the dead owner's session expires: ask it again soon
        assertThat(attempts.delayNanos(redirectedTimes(12, "a:1"))).isEqualTo(Attempts.DEAD_OWNER_POLL_NANOS);
        now.addAndGet(MAX.toNanos());
        assertThat(attempts.delayNanos(redirectedTimes(12, "a:1"))).as("no longer avoided")
                .isEqualTo(MAX.toNanos());
    }
}
