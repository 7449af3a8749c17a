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
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.metadata.LogMetadataStore;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
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

    /**
     * The lease's checks of its read lock are not enough across incarnations: the lock znode of a re-created log
     * can be taken again by the same ZooKeeper session (another lease of the same process), and a lease that has
     * not yet heard of its lock's deletion (the event is late: here, the event thread is held) would commit.
     */
    @Test
    void leaseCommitShouldFailWhenTheLogWasRecreatedAndItsReadLockRetakenInTheSameSession() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("lease-recreated", DLConfig.defaults());
                Namespace admin = CLUSTER.openNamespace("lease-recreated", DLConfig.defaults());
                LogManager log = ns.openLog("l"); LogManager adminLog = admin.openLog("l")) {
            List<DLSN> old = write(log, 4);
            SubscriptionLease lease = await(log.subscriptions().acquire("s", Duration.ZERO));
            LogMetadataStore store = ((NamespaceImpl) ns).store();
            CuratorFramework zk = store.curator();
            CompletableFuture<Void> held = new CompletableFuture<>();
            CompletableFuture<Void> release = new CompletableFuture<>();
            String trigger = store.paths().log("l") + "-hold-" + UUID.randomUUID();
            zk.checkExists().usingWatcher((Watcher) ev -> {
                held.complete(null);
                release.completeOnTimeout(null, 2, TimeUnit.MINUTES).join();
            }).forPath(trigger);
            zk.create().forPath(trigger);
            try {
                held.get(60, TimeUnit.SECONDS);
                admin.deleteLog("l");
                write(adminLog, 4);
                zk.create().withMode(CreateMode.EPHEMERAL).forPath(store.paths().log("l") + "/readlock-s");
                Throwable stale = lease.commit(old.get(2)).handle((v, t) -> t).get(60, TimeUnit.SECONDS);

                assertThat(await(adminLog.subscriptions().position("s")))
                        .as("a position of the old log landed on the re-created one").isEmpty();
                assertThat(stale).as("the stale commit must fail").isNotNull();
                assertThat(Futures.toDLException(stale).code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
            } finally {
                release.complete(null);
                zk.delete().forPath(trigger);
            }
            lease.close();
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
