package io.dlog.core.subscription;

import static io.dlog.core.subscription.SubscriptionIT.await;
import static io.dlog.core.subscription.SubscriptionIT.failure;
import static io.dlog.core.subscription.SubscriptionIT.viaRelay;
import static io.dlog.core.subscription.SubscriptionIT.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.SubscriptionReader;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.SessionExpiry;
import io.dlog.core.testing.ZkRelay;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscription readers: resume after the commit, one active reader per subscription, and the lock's release. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SubscriptionReaderIT {
    private static final long SESSION_MS = 4_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static DLConfig config() {
        return DLConfig.builder().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS).build();
    }

    @Test
    void newReaderShouldResumeAfterTheCommittedPositionWhenTheOldOneIsGone() throws Exception {
        List<DLSN> acked;
        try (Namespace ns = CLUSTER.openNamespace("resume", config()); LogManager log = ns.openLog("l")) {
            acked = write(log, 20);
            SubscriptionReader r = await(log.subscriptions().openReader("billing"));
            assertThat(r.startPosition()).as("a new subscription starts at the first record").isEqualTo(acked.get(0));
            LogRecordWithDLSN last = null;
            for (int i = 0; i < 10; i++) {
                last = await(r.readNext());
                assertThat(last.dlsn()).isEqualTo(acked.get(i));
            }
            assertThat(await(r.commit(last.dlsn()))).isEqualTo(acked.get(9));
            assertThat(await(r.commit(acked.get(3)))).as("never backwards").isEqualTo(acked.get(9));
            // The process "dies": its namespace closes without closing the reader.
        }
        try (Namespace ns = CLUSTER.openNamespace("resume", config()); LogManager log = ns.openLog("l")) {
            SubscriptionReader r = await(log.subscriptions().openReader("billing", Duration.ofSeconds(60)));
            for (int i = 10; i < 20; i++) {
                assertThat(await(r.readNext()).dlsn()).as("record %d, no gap and no duplicate", i)
                        .isEqualTo(acked.get(i));
            }
            await(r.commit(acked.get(19)));
            r.close();
            assertThat(await(log.subscriptions().position("billing"))).contains(acked.get(19));
        }
    }

    @Test
    void secondReaderShouldBeRefusedWhileTheSubscriptionIsHeldAndGetItOnClose() throws Exception {
        try (Namespace a = CLUSTER.openNamespace("held", config()); Namespace b = CLUSTER.openNamespace("held",
                config()); LogManager la = a.openLog("l"); LogManager lb = b.openLog("l")) {
            List<DLSN> acked = write(la, 3);
            SubscriptionReader first = await(la.subscriptions().openReader("s"));
            DLException refused = failure(() -> lb.subscriptions().openReader("s"));
            assertThat(refused.code()).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(refused.getMessage()).contains("readlock-s");
            assertThat(failure(() -> la.subscriptions().openReader("s")).code())
                    .as("a second reader in the same process (same ZooKeeper session) too")
                    .isEqualTo(StatusCode.LOCKING_EXCEPTION);
            SubscriptionReader other = await(lb.subscriptions().openReader("other"));
            assertThat(await(other.readNext()).dlsn()).as("other subscriptions are independent")
                    .isEqualTo(acked.get(0));
            CompletableFuture<SubscriptionReader> waiting = lb.subscriptions().openReader("s", Duration.ofSeconds(60));
            assertThat(waiting).isNotDone();
            await(first.commit(acked.get(0)));
            first.close();
            SubscriptionReader second = await(waiting);
            assertThat(await(second.readNext()).dlsn()).isEqualTo(acked.get(1));
            second.close();
            other.close();
        }
    }

    @Test
    void lockShouldBeReleasedWhenTheHolderSessionExpires() throws Exception {
        try (Namespace a = CLUSTER.openNamespace("expiry", config()); Namespace b = CLUSTER.openNamespace("expiry",
                config()); LogManager la = a.openLog("l"); LogManager lb = b.openLog("l")) {
            List<DLSN> acked = write(la, 3);
            SubscriptionReader first = await(la.subscriptions().openReader("s"));
            assertThat(await(first.readNext()).dlsn()).isEqualTo(acked.get(0));
            await(first.commit(acked.get(0)));
            SessionExpiry.inject(a);
            SubscriptionReader second = await(lb.subscriptions().openReader("s", Duration.ofSeconds(60)));
            assertThat(await(second.readNext()).dlsn()).isEqualTo(acked.get(1));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> failure(() -> first.commit(acked.get(2)))
                    .code() == StatusCode.LOCKING_EXCEPTION);
            assertThat(failure(first::readNext).code()).as("the deposed reader stops reading")
                    .isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(await(lb.subscriptions().position("s"))).as("the deposed reader committed nothing")
                    .contains(acked.get(0));
            first.close();
            second.close();
        }
    }

    @Test
    void pendingReadAtTheTailShouldFailLockingExceptionWhenTheLockIsLost() throws Exception {
        try (Namespace a = CLUSTER.openNamespace("expiry-tail", config()); LogManager la = a.openLog("l")) {
            List<DLSN> acked = write(la, 1);
            SubscriptionReader r = await(la.subscriptions().openReader("s"));
            assertThat(await(r.readNext()).dlsn()).isEqualTo(acked.get(0));
            CompletableFuture<LogRecordWithDLSN> pending = r.readNext();
            assertThat(pending).as("waiting at the tail").isNotDone();
            SessionExpiry.inject(a);
            assertThat(failure(() -> pending).code()).isEqualTo(StatusCode.LOCKING_EXCEPTION);
            r.close();
        }
    }

    @Test
    void readerShouldTakeTheLockWhenItsCreateLosesItsReply() throws Exception {
        try (Namespace direct = CLUSTER.openNamespace("ambiguous-lock", config())) {
            try (LogManager log = direct.openLog("l")) {
                write(log, 2);
            }
        }
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(CLUSTER, relay, "ambiguous-lock"); LogManager log = ns.openLog("l");
                Namespace other = CLUSTER.openNamespace("ambiguous-lock", config());
                LogManager lo = other.openLog("l")) {
            CompletableFuture<Integer> dropped = relay.dropReplyAndCut(ZkRelay.OP_CREATE, ZkRelay.OP_CREATE2);
            SubscriptionReader r = await(log.subscriptions().openReader("s", Duration.ofSeconds(30)));
            assertThat(dropped).as("the lock's create lost its reply").isCompleted();
            assertThat(failure(() -> lo.subscriptions().openReader("s")).code())
                    .as("the retried create found its own lock").isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(await(r.readNext())).isNotNull();
            r.close();
            SubscriptionReader next = await(lo.subscriptions().openReader("s"));
            next.close();
        }
    }

    @Test
    void closingTheLogHandleShouldReleaseTheSubscriptionLock() throws Exception {
        try (Namespace a = CLUSTER.openNamespace("handle", config()); Namespace b = CLUSTER.openNamespace("handle",
                config()); LogManager lb = b.openLog("l")) {
            LogManager la = a.openLog("l");
            write(la, 1);
            await(la.subscriptions().openReader("s"));
            la.close();
            SubscriptionReader r = await(lb.subscriptions().openReader("s"));
            r.close();
        }
    }
}
