package io.dlog.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashRingTest {
    private static final List<String> FIVE = List.of("10.0.0.1:7002", "10.0.0.2:7002", "10.0.0.3:7002",
            "10.0.0.4:7002", "10.0.0.5:7002");

    @Test
    void routeShouldSpreadStreamsOverEveryProxy() {
        HashRing ring = new HashRing(FIVE, HashRing.DEFAULT_VIRTUAL_NODES);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(ring.route("stream-" + i, a -> true), 1, Integer::sum);
        }
        assertThat(counts).hasSize(5);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(1_200, 2_800));
    }

    @Test
    void removingAProxyShouldMoveOnlyItsOwnStreams() {
        HashRing before = new HashRing(FIVE, HashRing.DEFAULT_VIRTUAL_NODES);
        HashRing after = new HashRing(FIVE.subList(0, 4), HashRing.DEFAULT_VIRTUAL_NODES);
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String s = "stream-" + i;
            String was = before.route(s, a -> true);
            String now = after.route(s, a -> true);
            if (!was.equals(FIVE.get(4))) {
                assertThat(now).as(s).isEqualTo(was);
            } else {
                moved++;
            }
        }
        assertThat(moved).isPositive();
    }

    @Test
    void unusableProxyShouldBeSkippedForTheNextOneOnTheRing() {
        HashRing ring = new HashRing(FIVE, HashRing.DEFAULT_VIRTUAL_NODES);
        String first = ring.route("orders", a -> true);
        String second = ring.route("orders", a -> !a.equals(first));
        assertThat(second).isNotEqualTo(first).isIn(FIVE);
        assertThat(ring.route("orders", a -> false)).isNull();
        assertThat(new HashRing(List.of(), 8).route("orders", a -> true)).isNull();
        assertThat(Set.copyOf(ring.nodes())).containsExactlyInAnyOrderElementsOf(FIVE);
    }
}
