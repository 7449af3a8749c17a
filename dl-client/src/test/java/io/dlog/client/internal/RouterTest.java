package io.dlog.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.ServerState;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final long AVOID = 1_000;
    private final AtomicLong now = new AtomicLong(5_000);
    private final Router router = new Router(List.of("boot:1"), AVOID, now::get);

    private static HandshakeResponse handshake(ServerState state, String... writers) {
        List<ProxyEndpoint> proxies = new java.util.ArrayList<>();
        for (String w : writers) {
            proxies.add(new ProxyEndpoint(ServerRole.WRITE_PROXY, w));
        }
        proxies.add(new ProxyEndpoint(ServerRole.READ_PROXY, "reader:1"));
        return new HandshakeResponse(1, 1, ServerRole.WRITE_PROXY, state, writers[0], proxies);
    }

    @Test
    void targetShouldBeTheBootstrapAddressUntilAHandshakeNamesTheWriteProxies() {
        assertThat(router.target("orders", Set.of())).isEqualTo("boot:1");
        router.handshake("boot:1", handshake(ServerState.SERVING, "a:1", "b:1", "c:1"));
        assertThat(router.target("orders", Set.of())).isIn("a:1", "b:1", "c:1");
        assertThat(router.ringNodes()).containsExactly("a:1", "b:1", "c:1");
    }

    @Test
    void probeShouldTryAProxyNamedEarlierWhenTheRingShrankToAProxyThatThenFailed() {
        router.handshake("boot:1", handshake(ServerState.SERVING, "a:1", "b:1"));
        router.handshake("b:1", handshake(ServerState.SERVING, "b:1")); // just started: it knows only itself
        router.unreachable("b:1", "refused");
        router.unreachable("boot:1", "refused");
        assertThat(router.target("orders", Set.of())).as("named by an earlier handshake").isEqualTo("a:1");
    }

    @Test
    void readTargetShouldRouteOverTheLiveReadProxiesSkippingAvoidedOnes() {
        assertThat(router.readTarget("orders", Set.of())).as("no read proxy known yet").isNull();
        assertThat(router.bootstrapAddress(Set.of())).isEqualTo("boot:1");
        List<ProxyEndpoint> proxies = List.of(new ProxyEndpoint(ServerRole.WRITE_PROXY, "a:1"),
                new ProxyEndpoint(ServerRole.READ_PROXY, "r1:1"), new ProxyEndpoint(ServerRole.READ_PROXY, "r2:1"));
        router.handshake("boot:1", new HandshakeResponse(1, 1, ServerRole.WRITE_PROXY, ServerState.SERVING, "a:1",
                proxies));
        assertThat(router.readRingNodes()).containsExactly("r1:1", "r2:1");
        assertThat(router.ringNodes()).containsExactly("a:1");
        String first = router.readTarget("orders", Set.of());
        assertThat(first).isIn("r1:1", "r2:1");
        assertThat(router.readTarget("orders", Set.of())).as("stable for a stream").isEqualTo(first);
        router.unreachable(first, "refused");
        String other = first.equals("r1:1") ? "r2:1" : "r1:1";
        assertThat(router.readTarget("orders", Set.of())).isEqualTo(other);
        assertThat(router.readTarget("orders", Set.of(other))).as("every read proxy avoided or excluded").isNull();
        assertThat(router.readProbe(Set.of(other))).isIn(first, "boot:1");
        now.addAndGet(AVOID);
        assertThat(router.readTarget("orders", Set.of())).as("avoided only for a while").isEqualTo(first);
    }

    /** A client bootstrapped on a read proxy and a write proxy, both named by the write proxy's handshake. */
    private static Router bootstrappedOnBothRoles(AtomicLong clock) {
        Router r = new Router(List.of("r:1", "w:1"), AVOID, clock::get);
        r.handshake("w:1", new HandshakeResponse(1, 1, ServerRole.WRITE_PROXY, ServerState.SERVING, "w:1",
                List.of(new ProxyEndpoint(ServerRole.WRITE_PROXY, "w:1"),
                        new ProxyEndpoint(ServerRole.READ_PROXY, "r:1"))));
        return r;
    }

    @Test
    void targetShouldNotSendWritesToAReadProxyWhenEveryWriteProxyIsAvoided() {
        // dl-chaos seed 201: while the write proxies restarted, writes went to a bootstrap read proxy, which failed
        // them for good with NOT_IMPLEMENTED ("WRITE is not served here") instead of their being retried.
        Router r = bootstrappedOnBothRoles(now);
        r.unreachable("w:1", "refused");
        assertThat(r.target("orders", Set.of())).isEqualTo("w:1");
    }

    @Test
    void readProbeShouldNotPickAWriteProxyWhenEveryReadProxyIsAvoided() {
        // dl-chaos seed 201: with both read proxies restarting, readers were opened on a write proxy and ended
        // with NOT_IMPLEMENTED ("OPEN_READER is not served here").
        Router r = bootstrappedOnBothRoles(now);
        r.unreachable("r:1", "refused");
        assertThat(r.readTarget("orders", Set.of())).isNull();
        assertThat(r.readProbe(Set.of())).isEqualTo("r:1");
    }

    @Test
    void targetShouldPreferTheOwnerAFoundAnswerNamed() {
        router.handshake("boot:1", handshake(ServerState.SERVING, "a:1", "b:1", "c:1"));
        router.found("orders", "z:9");
        assertThat(router.target("orders", Set.of())).isEqualTo("z:9");
        router.found("orders", "");
        assertThat(router.target("orders", Set.of())).isNotEqualTo("z:9");
    }

    @Test
    void unreachableProxyShouldBeAvoidedUntilItsBackoffEnds() {
        router.handshake("boot:1", handshake(ServerState.SERVING, "a:1", "b:1"));
        String first = router.target("orders", Set.of());
        router.served("orders", first);
        router.unreachable(first, "connection refused");
        String second = router.target("orders", Set.of());
        assertThat(second).isNotEqualTo(first);
        assertThat(router.describeFailures()).contains(first + ": connection refused");
        now.addAndGet(AVOID);
        assertThat(router.target("orders", Set.of())).isEqualTo(first);
    }

    @Test
    void drainingHandshakeShouldTakeTheProxyOutOfRouting() {
        router.handshake("a:1", handshake(ServerState.DRAINING, "a:1", "b:1"));
        for (int i = 0; i < 50; i++) {
            assertThat(router.target("s" + i, Set.of())).isEqualTo("b:1");
        }
    }

    @Test
    void everyProxyAvoidedShouldStillYieldAProbeTarget() {
        router.handshake("boot:1", handshake(ServerState.SERVING, "a:1", "b:1"));
        router.unreachable("boot:1", "x");
        now.addAndGet(10);
        router.unreachable("a:1", "y");
        now.addAndGet(10);
        router.unreachable("b:1", "z");
        assertThat(router.target("orders", Set.of())).as("the one avoided longest ago").isEqualTo("boot:1");
        assertThat(router.target("orders", Set.of("boot:1"))).isEqualTo("a:1");
    }
    @Test
    void unreachableProxyShouldBeAvoidedTwiceAsLongWhenItFailsAgainInARow() {
        router.handshake("boot:1", handshake(ServerState.SERVING, "a:1", "b:1"));
        String dead = router.target("orders", Set.of());
        router.unreachable(dead, "refused");
        now.addAndGet(AVOID);
        assertThat(router.target("orders", Set.of())).as("probed again after one period").isEqualTo(dead);
        router.unreachable(dead, "refused");
        now.addAndGet(AVOID);
        // a retry at full backoff must not land on the dead proxy again (the old code made it usable right then)
        assertThat(router.target("orders", Set.of())).isNotEqualTo(dead);
        now.addAndGet(AVOID);
        assertThat(router.target("orders", Set.of())).isEqualTo(dead);
    }

    @Test
    void avoidanceShouldStopGrowingAndResetWhenTheProxyAnswersAHandshake() {
        router.handshake("boot:1", handshake(ServerState.SERVING, "a:1", "b:1"));
        for (int i = 0; i < 20; i++) {
            router.unreachable("a:1", "refused");
        }
        now.addAndGet((AVOID << Router.MAX_AVOID_DOUBLINGS) - 1);
        assertThat(router.target("orders", Set.of("b:1", "boot:1"))).as("only a probe").isEqualTo("a:1");
        assertThat(router.ringNodes()).contains("a:1");
        now.addAndGet(1);
        router.handshake("a:1", handshake(ServerState.SERVING, "a:1", "b:1"));
        router.unreachable("a:1", "refused");
        now.addAndGet(AVOID);
        assertThat(router.describeFailures()).contains("a:1: refused");
        assertThat(router.target("x", Set.of("b:1", "boot:1"))).isEqualTo("a:1");
    }

    @Test
    void membershipRefreshShouldBeClaimedOncePerAvoidPeriod() {
        assertThat(router.claimMembershipRefresh()).isTrue();
        assertThat(router.claimMembershipRefresh()).isFalse();
        now.addAndGet(AVOID - 1);
        assertThat(router.claimMembershipRefresh()).isFalse();
        now.addAndGet(1);
        assertThat(router.claimMembershipRefresh()).isTrue();
    }

    @Test
    void handshakeWithoutAProxyShouldDropItFromTheRing() {
        router.handshake("b:1", handshake(ServerState.SERVING, "a:1", "b:1", "c:1"));
        router.unreachable("a:1", "refused");
        router.handshake("b:1", handshake(ServerState.SERVING, "b:1", "c:1"));
        assertThat(router.ringNodes()).containsExactly("b:1", "c:1");
        now.addAndGet(AVOID << Router.MAX_AVOID_DOUBLINGS);
        for (int i = 0; i < 50; i++) {
            assertThat(router.target("s" + i, Set.of())).isIn("b:1", "c:1");
        }
    }
}
