package io.dlog.proxy.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.ConfigKey;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** conf/write_proxy.conf documents exactly the keys of {@link WriteProxyConfigKeys}, with their defaults. */
class WriteProxyConfigTest {
    private static final Path CONF = Path.of("..", "conf", "write_proxy.conf");

    private static Properties conf() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(CONF, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void confShouldListEveryKeyOfTheCodeAndNoOther() throws Exception {
        TreeSet<String> inCode = WriteProxyConfigKeys.ALL.stream().map(ConfigKey::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(conf().stringPropertyNames())).isEqualTo(inCode);
    }

    @Test
    void confShouldGiveEachKeyItsDefaultWithUnitAndMeaning() throws Exception {
        assertThat(WriteProxyConfig.fromProperties(conf())).isEqualTo(WriteProxyConfig.defaults());
        List<String> lines = Files.readAllLines(CONF, StandardCharsets.UTF_8);
        for (ConfigKey<?> key : WriteProxyConfigKeys.ALL) {
            int at = lines.indexOf(key.name() + "=" + key.defaultValue());
            assertThat(at).as("line '%s=%s'", key.name(), key.defaultValue()).isGreaterThan(1);
            assertThat(lines.get(at - 1)).as("unit line above " + key.name()).startsWith("#   unit: ");
            assertThat(lines.get(at - 2)).as("doc line above " + key.name()).isEqualTo("# " + key.doc());
        }
    }

    @Test
    void fromPropertiesShouldRejectAnUnknownProxyKeyAndIgnoreCoreKeys() {
        Properties p = new Properties();
        p.setProperty("proxy.max.streems", "5");
        assertThatThrownBy(() -> WriteProxyConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.max.streems");
        Properties q = new Properties();
        q.setProperty("zookeeper.session.timeout.ms", "5000");
        q.setProperty("proxy.max.streams", "5");
        assertThat(WriteProxyConfig.fromProperties(q).maxStreams()).isEqualTo(5);
        assertThat(WriteProxyConfig.withoutProxyKeys(q).stringPropertyNames())
                .containsExactly("zookeeper.session.timeout.ms");
    }

    @Test
    void builderShouldRejectAValueOutsideItsRuleNamingTheKey() {
        assertThatThrownBy(() -> WriteProxyConfig.builder().set(WriteProxyConfigKeys.MAX_STREAMS, 0))
                .hasMessageContaining("proxy.max.streams");
        assertThat(WriteProxyConfig.builder().set(WriteProxyConfigKeys.STREAM_PROBATION_MS, 50L).build().probation())
                .isEqualTo(Duration.ofMillis(50));
    }
}
