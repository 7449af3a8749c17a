package io.dlog.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dlog.core.internal.read.IdleTracker;
import io.dlog.core.internal.read.RetryBackoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleTrackerTest {

    @Test
    void trackerShouldReportOncePerWaitWhenTheWaitReachesTheLimit() {
        IdleTracker idle = new IdleTracker(1000);
        assertEquals(-1, idle.delayUntilDueMs(0));
        idle.waiting(100);
        idle.waiting(500); // a second pending read does not restart the wait
        assertEquals(400, idle.delayUntilDueMs(700));
        assertFalse(idle.shouldReport(1099));
        assertTrue(idle.shouldReport(1100));
        assertEquals(1000, idle.waitedMs(1100));
        assertFalse(idle.shouldReport(5000));
        assertEquals(-1, idle.delayUntilDueMs(5000));
        idle.progressed();
        assertFalse(idle.isWaiting());
        idle.waiting(6000);
        assertFalse(idle.shouldReport(6500));
        assertTrue(idle.shouldReport(7000));
    }

    @Test
    void backoffShouldDoubleUpToTheCapAndAllowTheConfiguredRetries() {
        RetryBackoff b = new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(500), 3);
        assertTrue(b.failed());
        assertEquals(Duration.ofMillis(100), b.delay());
        assertTrue(b.failed());
        assertEquals(Duration.ofMillis(200), b.delay());
        assertTrue(b.failed());
        assertEquals(Duration.ofMillis(400), b.delay());
        assertFalse(b.failed());
        assertEquals(Duration.ofMillis(500), b.delay());
        b.succeeded();
        assertEquals(0, b.failures());
        assertTrue(b.failed());
    }
}
