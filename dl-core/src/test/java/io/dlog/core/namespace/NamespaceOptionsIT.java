package io.dlog.core.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LockOwner;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The builder's namespace options: no silent creation when asked, and the owner name written into locks. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NamespaceOptionsIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void buildShouldFailWithLogNotFoundWhenNamespaceIsMissingAndCreationIsOff() throws Exception {
        assertThatThrownBy(() -> Namespace.builder().uri(CLUSTER.namespaceUri("missing-ns")).createIfMissing(false)
                .build())
                .isInstanceOfSatisfying(DLException.class, e -> {
                    assertThat(e.code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
                    assertThat(e.getMessage()).contains("namespace /missing-ns does not exist");
                });
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("present-ns")).build()) {
            assertThat(ns.getLogs()).isEmpty();
        }
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("present-ns")).createIfMissing(false)
                .build()) {
            assertThat(ns.getLogs()).isEmpty();
        }
        // The failed build created nothing.
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("missing-ns")).createIfMissing(false)
                .build()) {
            throw new AssertionError("namespace was created by a build that failed: " + ns.uri());
        } catch (DLException expected) {
            assertThat(expected.code()).isEqualTo(StatusCode.LOG_NOT_FOUND);
        }
    }

    @Test
    void lockOwnerShouldNameTheOwnerIdWhileAWriterHoldsTheLog() throws Exception {
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("owners")).ownerId("10.1.2.3:7002").build();
             LogManager log = ns.openLog("held")) {
            ns.createLog("held");
            assertThat(log.getLockOwner()).isEmpty();
            long before = System.currentTimeMillis();
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            Optional<LockOwner> owner = log.getLockOwner();
            assertThat(owner).isPresent();
            assertThat(owner.get().owner()).isEqualTo("10.1.2.3:7002");
            assertThat(owner.get().sinceMillis()).isBetween(before - 60_000, System.currentTimeMillis() + 60_000);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            assertThat(log.getLockOwner()).isEmpty();
        }
    }

    @Test
    void ownerIdShouldRejectLineBreaksAndBlankNames() {
        assertThatThrownBy(() -> Namespace.builder().ownerId("a\nowner=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Namespace.builder().ownerId(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
