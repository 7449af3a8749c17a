package io.dlog.core.subscription;

import static io.dlog.core.subscription.SubscriptionIT.await;
import static io.dlog.core.subscription.SubscriptionIT.failure;
import static io.dlog.core.subscription.SubscriptionIT.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.DLConfig;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.SubscriptionLease;
import io.dlog.core.SubscriptionReader;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscriptions.acquire: the read lock and the resume position without a reader (what the read proxy uses). */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SubscriptionLeaseIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void leaseShouldHoldTheLockResolveTheStartAndCommitUnderTheLock() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("lease", DLConfig.defaults()); LogManager log = ns.openLog("l")) {
            List<DLSN> acked = write(log, 5);
            SubscriptionLease lease = await(log.subscriptions().acquire("billing", Duration.ZERO));
            assertThat(lease.start()).as("a new subscription starts at the first record").isEqualTo(acked.get(0));
            assertThat(lease.isHeld()).isTrue();
            assertThat(failure(() -> log.subscriptions().openReader("billing")).code())
                    .isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(failure(() -> log.subscriptions().acquire("billing", Duration.ZERO)).code())
                    .isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(await(lease.commit(acked.get(2)))).isEqualTo(acked.get(2));
            assertThat(await(lease.commit(acked.get(1)))).as("never backwards").isEqualTo(acked.get(2));
            await(lease.asyncClose());
            assertThat(lease.isHeld()).isFalse();
            assertThat(failure(() -> lease.commit(acked.get(4))).code()).isEqualTo(StatusCode.ALREADY_CLOSED);

            try (SubscriptionLease again = await(log.subscriptions().acquire("billing", Duration.ZERO))) {
                assertThat(again.start()).as("just after the committed position").isEqualTo(acked.get(2).nextSlot());
            }
            try (SubscriptionReader r = await(log.subscriptions().openReader("billing"))) {
                assertThat(await(r.readNext()).dlsn()).isEqualTo(acked.get(3));
            }
        }
    }

    @Test
    void acquireShouldFailWithTheCoreCodesOnBadInput() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("lease-bad", DLConfig.defaults()); LogManager log = ns.openLog("l")) {
            write(log, 1);
            assertThat(failure(() -> log.subscriptions().acquire(".bad", Duration.ZERO)).code())
                    .isEqualTo(StatusCode.INVALID_ARGUMENT);
            try (LogManager missing = ns.openLog("missing")) {
                assertThat(failure(() -> missing.subscriptions().acquire("s", Duration.ZERO)).code())
                        .isEqualTo(StatusCode.LOG_NOT_FOUND);
            }
        }
    }
}
