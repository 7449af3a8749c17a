package io.dlog.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.wire.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's {@link StreamWrites} is forgotten when idle; a write that races the forgetting must never land in the
 * forgotten one while a newer one takes the stream's later writes (two of them would order their writes
 * independently: ClientOrderSimulationTest saw an acknowledged write overtake an earlier one, about once in 100 seeds).
 */
class StreamWritesRetireTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** No proxy is known, so a write is refused "not sent" and waits out a 30 s backoff: it stays outstanding. */
    private StreamWrites streamWrites() {
        Router router = new Router(List.of(), Duration.ofSeconds(1).toNanos(), System::nanoTime);
        Attempts attempts = new Attempts(router, null, System::nanoTime, Duration.ofSeconds(30), Duration.ofSeconds(30));
        return new StreamWrites("s", attempts, 3, 1000, 128 << 10, scheduler, Runnable::run);
    }

    private static Call<Object> call() {
        return new Call<>("s", id -> new Heartbeat(id, "s"), r -> r, System.nanoTime() + Duration.ofSeconds(30).toNanos());
    }

    @Test
    void submitShouldBeRefusedOnceRetiredWhileIdle() {
        StreamWrites sw = streamWrites();
        assertThat(sw.retireIfIdle()).isTrue();
        Call<Object> late = call();
        assertThat(sw.trySubmit(late)).as("the caller must use a new StreamWrites").isFalse();
        assertThat(late.future).as("not taken, not failed").isNotDone();
    }

    @Test
    void retireShouldBeRefusedWhileAWriteIsOutstanding() {
        StreamWrites sw = streamWrites();
        assertThat(sw.trySubmit(call())).isTrue();
        assertThat(sw.retireIfIdle()).isFalse();
    }
}
