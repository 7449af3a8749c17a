package io.dlog.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.Subscription;
import io.dlog.core.SubscriptionReader;
import io.dlog.core.Subscriptions;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.ZkRelay;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Durable subscriptions: forward-only commits, list and delete, names, and their life with the log's. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SubscriptionIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    static DLException failure(Supplier<CompletableFuture<?>> call) {
        try {
            call.get().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Futures.toDLException(e);
        }
        throw new AssertionError("expected a failure");
    }

    static List<DLSN> write(LogManager log, int n) throws Exception {
        AsyncLogWriter w = await(log.openAsyncLogWriter());
        List<DLSN> acked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            acked.add(await(w.write(LogRecord.of(("r" + i).getBytes(StandardCharsets.UTF_8)))));
        }
        await(w.asyncClose());
        return acked;
    }

    @Test
    void commitShouldOnlyMoveForwardWhenBehindTheStoredPosition() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("forward", DLConfig.defaults()); LogManager log = ns.openLog("l")) {
            ns.createLog("l");
            Subscriptions subs = log.subscriptions();
            assertThat(await(subs.position("billing"))).isEmpty();
            assertThat(await(subs.commit("billing", DLSN.parse("3:4:0")))).isEqualTo(DLSN.parse("3:4:0"));
            assertThat(await(subs.commit("billing", DLSN.parse("3:3:9")))).as("a commit behind is a no-op")
                    .isEqualTo(DLSN.parse("3:4:0"));
            assertThat(await(subs.commit("billing", DLSN.parse("3:4:0")))).isEqualTo(DLSN.parse("3:4:0"));
            assertThat(await(subs.position("billing"))).contains(DLSN.parse("3:4:0"));
            assertThat(await(subs.commit("billing", DLSN.parse("5:0:0")))).isEqualTo(DLSN.parse("5:0:0"));
            assertThat(await(subs.position("billing"))).contains(DLSN.parse("5:0:0"));
        }
    }

    @Test
    void concurrentCommitsShouldNeverMoveThePositionBack() throws Exception {
        try (Namespace a = CLUSTER.openNamespace("concurrent", DLConfig.defaults());
                Namespace b = CLUSTER.openNamespace("concurrent", DLConfig.defaults());
                LogManager la = a.openLog("l"); LogManager lb = b.openLog("l")) {
            a.createLog("l");
            AtomicBoolean done = new AtomicBoolean();
            List<DLSN> seen = new ArrayList<>();
            CompletableFuture<Void> observer = CompletableFuture.runAsync(() -> {
                while (!done.get()) {
                    lb.subscriptions().position("s").join().ifPresent(seen::add);
                }
            });
            List<CompletableFuture<DLSN>> commits = new ArrayList<>();
            List<DLSN> asked = new ArrayList<>();
            DLSN max = DLSN.INVALID;
            for (int round = 0; round < 25; round++) {
                for (int c = 0; c < 8; c++) {
                    DLSN p = new DLSN(1 + ThreadLocalRandom.current().nextInt(50),
                            ThreadLocalRandom.current().nextInt(100), 0);
                    asked.add(p);
                    max = p.compareTo(max) > 0 ? p : max;
                    commits.add((c % 2 == 0 ? la : lb).subscriptions().commit("s", p));
                }
                for (CompletableFuture<DLSN> f : commits.subList(commits.size() - 8, commits.size())) {
                    await(f);
                }
            }
            done.set(true);
            observer.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < commits.size(); i++) {
                assertThat(await(commits.get(i))).as("a commit returns the stored position, at least its own")
                        .isGreaterThanOrEqualTo(asked.get(i));
            }
            assertThat(await(la.subscriptions().position("s"))).contains(max);
            assertThat(seen).as("positions observed while committing").isNotEmpty().isSorted();
        }
    }

    @Test
    void listAndDeleteShouldShowAndRemoveSubscriptions() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("list", DLConfig.defaults()); LogManager log = ns.openLog("l")) {
            ns.createLog("l");
            Subscriptions subs = log.subscriptions();
            assertThat(await(subs.list())).isEmpty();
            await(subs.commit("b", DLSN.parse("2:0:0")));
            await(subs.commit("a", DLSN.parse("1:5:0")));
            assertThat(await(subs.list())).containsExactly(new Subscription("a", Optional.of(DLSN.parse("1:5:0"))),
                    new Subscription("b", Optional.of(DLSN.parse("2:0:0"))));
            assertThat(await(subs.delete("a"))).isTrue();
            assertThat(await(subs.delete("a"))).isFalse();
            assertThat(await(subs.list())).extracting(Subscription::name).containsExactly("b");
            assertThat(await(subs.position("a"))).isEmpty();
        }
    }

    @Test
    void badNamesShouldBeRejectedWithInvalidArgument() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("names", DLConfig.defaults()); LogManager log = ns.openLog("l")) {
            ns.createLog("l");
            Subscriptions subs = log.subscriptions();
            for (String bad : new String[] {"", ".hidden", "a/b", "x".repeat(256), "caf\u00e9", "a b", "\n"}) {
                assertThat(failure(() -> subs.commit(bad, DLSN.INITIAL)).code()).as("commit '%s'", bad)
                        .isEqualTo(StatusCode.INVALID_ARGUMENT);
                assertThat(failure(() -> subs.position(bad)).code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
                assertThat(failure(() -> subs.delete(bad)).code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
                assertThat(failure(() -> subs.openReader(bad)).code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            }
            assertThat(await(subs.list())).as("nothing was created").isEmpty();
            assertThat(await(subs.commit("ok.name_1-x", DLSN.INITIAL))).isEqualTo(DLSN.INITIAL);
        }
    }

    @Test
    void subscriptionsOfAMissingLogShouldFailLogNotFound() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("missing", DLConfig.defaults());
                LogManager log = ns.openLog("nope")) {
            Subscriptions subs = log.subscriptions();
            assertThat(failure(() -> subs.commit("s", DLSN.INITIAL)).code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
            assertThat(failure(subs::list).code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
            assertThat(failure(() -> subs.position("s")).code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
            assertThat(failure(() -> subs.openReader("s")).code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
            assertThat(ns.logExists("nope")).as("no commit re-creates a log").isFalse();
        }
    }

    @Test
    void deletingTheLogShouldDeleteItsSubscriptionsAndARecreatedLogHasNone() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("delete", DLConfig.defaults()); LogManager log = ns.openLog("l")) {
            List<DLSN> acked = write(log, 3);
            await(log.subscriptions().commit("a", acked.get(1)));
            SubscriptionReader held = await(log.subscriptions().openReader("b"));
            ns.deleteLog("l");
            assertThat(ns.logExists("l")).isFalse();
            assertThat(failure(() -> held.commit(acked.get(2))).code())
                    .as("the holder of a deleted log's subscription cannot commit (nor re-create the log)")
                    .isIn(StatusCode.LOCKING_EXCEPTION, StatusCode.LOG_NOT_FOUND);
            ns.createLog("l");
            assertThat(await(log.subscriptions().list())).isEmpty();
            assertThat(await(log.subscriptions().position("a"))).isEmpty();
            assertThat(failure(() -> held.commit(acked.get(2))).code())
                    .as("a reader of the old incarnation cannot commit into the re-created log")
                    .isEqualTo(StatusCode.LOCKING_EXCEPTION);
            assertThat(await(log.subscriptions().list())).isEmpty();
            held.close();
            SubscriptionReader fresh = await(log.subscriptions().openReader("b"));
            assertThat(fresh.startPosition()).isEqualTo(DLSN.INITIAL);
            fresh.close();
        }
    }

    @Test
    void commitShouldFailLogNotFoundAndWriteNothingWhenTheLogWasRecreatedSinceTheHandleSawIt() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("recreated", DLConfig.defaults()); LogManager log = ns.openLog("l")) {
            List<DLSN> old = write(log, 4);
            Subscriptions subs = log.subscriptions();
            await(subs.commit("s", old.get(0)));

            // The application consumed old records; meanwhile the log is deleted and re-created under its name.
            ns.deleteLog("l");
            List<DLSN> fresh = write(log, 4);
            Throwable stale = subs.commit("s", old.get(2)).handle((v, t) -> t).get(60, TimeUnit.SECONDS);

            try (LogManager again = ns.openLog("l")) {
                assertThat(await(again.subscriptions().position("s")))
                        .as("a position of the old log landed on the re-created one: its reader would skip %s",
                                fresh.subList(0, 3))
                        .isEmpty();
                assertThat(stale).as("the stale commit must fail").isNotNull();
                assertThat(Futures.toDLException(stale).code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
                assertThat(failure(() -> subs.commit("s", fresh.get(1))).code())
                        .as("the handle stays bound to the log it first saw").isEqualTo(StatusCode.LOG_NOT_FOUND);
                assertThat(await(again.subscriptions().position("s"))).isEmpty();
                try (SubscriptionReader r = await(again.subscriptions().openReader("s"))) {
                    assertThat(await(r.readNext()).dlsn()).isEqualTo(fresh.get(0));
                    assertThat(await(r.commit(fresh.get(0)))).isEqualTo(fresh.get(0));
                }
                assertThat(await(again.subscriptions().commit("s", fresh.get(1)))).as("a new handle commits")
                        .isEqualTo(fresh.get(1));
            }
        }
    }

    @Test
    void commitShouldBeAppliedOnceWhenItsReplyIsLost() throws Exception {
        try (Namespace direct = CLUSTER.openNamespace("ambiguous", DLConfig.defaults())) {
            direct.createLog("l");
        }
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(CLUSTER, relay, "ambiguous"); LogManager log = ns.openLog("l")) {
            Subscriptions subs = log.subscriptions();
            await(subs.commit("s", DLSN.parse("2:0:0")));
            CompletableFuture<Integer> dropped = relay.dropReplyAndCut(ZkRelay.OP_MULTI);
            DLSN stored = await(subs.commit("s", DLSN.parse("4:1:0")));
            assertThat(dropped).as("the commit's transaction lost its reply").isCompleted();
            assertThat(stored).as("the retried commit recognises its own position").isEqualTo(DLSN.parse("4:1:0"));
            assertThat(await(subs.position("s"))).contains(DLSN.parse("4:1:0"));
            assertThat(await(subs.commit("s", DLSN.parse("3:0:0")))).isEqualTo(DLSN.parse("4:1:0"));
        }
    }

    static Namespace viaRelay(LocalClusterExtension cluster, ZkRelay relay, String name) throws Exception {
        URI direct = cluster.namespaceUri(name);
        URI uri = new URI(direct.getScheme(), null, "127.0.0.1", relay.port(), direct.getPath(), null, null);
        return Namespace.builder().uri(uri).config(DLConfig.defaults()).build();
    }

}
