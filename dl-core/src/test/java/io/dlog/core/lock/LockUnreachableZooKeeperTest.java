package io.dlog.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.internal.lock.WriteLock;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.StatusCode;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.Test;

/**
 * A lock that cannot be taken because ZooKeeper does not answer says so, instead of naming an "unknown" holder (a
 * writer open under a ZooKeeper client that did not reconnect for the whole lock timeout reported "held by
 * unknown", which sends an operator looking for another writer).
 */
class LockUnreachableZooKeeperTest {

    @Test
    void aLockThatZooKeeperNeverAnsweredForShouldNameTheZooKeeperErrorNotAHolder() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (CuratorFramework zk = CuratorFrameworkFactory.builder().connectString("127.0.0.1:" + port)
                .sessionTimeoutMs(3000).connectionTimeoutMs(200).retryPolicy(new RetryNTimes(0, 0)).build()) {
            zk.start();
            assertThatThrownBy(() -> WriteLock.acquire(zk, "/ns/log/lock", "test", Duration.ofSeconds(2), () -> { }))
                    .isInstanceOfSatisfying(LockingException.class, e -> {
                        assertThat(e.code()).isEqualTo(StatusCode.LOCKING_EXCEPTION);
                        assertThat(e.getMessage()).contains("ZooKeeper kept failing (CONNECTIONLOSS)")
                                .doesNotContain("held by");
                    });
        }
    }
}
