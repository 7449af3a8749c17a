package io.dlog.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLayoutTest {

    @Test
    void bookiePortsShouldFollowAFixedFirstPort(@TempDir Path dir) throws Exception {
        ClusterLayout layout = ClusterLayout.open(dir);
        assertThat(layout.bookiePorts(3, 40100)).containsExactly(40100, 40101, 40102);
    }

    @Test
    void ephemeralBookiePortsShouldBeDistinct(@TempDir Path dir) throws Exception {
        List<Integer> ports = ClusterLayout.open(dir).bookiePorts(5, 0);
        assertThat(ports).hasSize(5).doesNotHaveDuplicates().allMatch(p -> p > 0);
    }

    @Test
    void reopenShouldReuseTheSavedPortsAndAddNewOnesForExtraBookies(@TempDir Path dir) throws Exception {
        ClusterLayout first = ClusterLayout.open(dir);
        List<Integer> ports = first.bookiePorts(2, 0);
        first.savePorts(40200, ports);

        ClusterLayout again = ClusterLayout.open(dir);
        assertThat(again.savedZkPort()).isEqualTo(40200);
        List<Integer> more = again.bookiePorts(3, 0);
        assertThat(more.subList(0, 2)).isEqualTo(ports);
        assertThat(more.get(2)).isPositive().isNotIn(ports);
    }

    @Test
    void newLayoutShouldHaveNoSavedZkPort(@TempDir Path dir) throws Exception {
        assertThat(ClusterLayout.open(dir.resolve("fresh")).savedZkPort()).isZero();
        assertThat(dir.resolve("fresh")).isDirectory();
    }

    @Test
    void deleteRecursivelyShouldRemoveTheTreeAndTolerateAMissingDir(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/file"), "x");
        ClusterLayout.deleteRecursively(root);
        assertThat(root).doesNotExist();
        ClusterLayout.deleteRecursively(root);
    }
}
