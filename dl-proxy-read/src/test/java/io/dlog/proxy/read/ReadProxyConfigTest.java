package io.dlog.proxy.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.ConfigKey;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** conf/read_proxy.conf documents exactly the keys of {@link ReadProxyConfigKeys}, with their defaults. */
class ReadProxyConfigTest {
    private static final Path CONF = Path.of("..", "conf", "read_proxy.conf");

    private static Properties conf() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(CONF, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void confShouldListEveryKeyOfTheCodeAndNoOther() throws Exception {
        TreeSet<String> inCode = ReadProxyConfigKeys.ALL.stream().map(ConfigKey::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(conf().stringPropertyNames())).isEqualTo(inCode);
    }

    @Test
    void confShouldGiveEachKeyItsDefaultWithUnitAndMeaning() throws Exception {
        assertThat(ReadProxyConfig.fromProperties(conf())).isEqualTo(ReadProxyConfig.defaults());
        List<String> lines = Files.readAllLines(CONF, StandardCharsets.UTF_8);
        for (ConfigKey<?> key : ReadProxyConfigKeys.ALL) {
            int at = lines.indexOf(key.name() + "=" + key.defaultValue());
            assertThat(at).as("line '%s=%s'", key.name(), key.defaultValue()).isGreaterThan(1);
            assertThat(lines.get(at - 1)).as("unit line above " + key.name()).startsWith("#   unit: ");
            assertThat(lines.get(at - 2)).as("doc line above " + key.name()).isEqualTo("# " + key.doc());
        }
    }

    @Test
    void fromPropertiesShouldRejectAnUnknownReadProxyKeyAndIgnoreOthers() {
        Properties p = new Properties();
        p.setProperty("read.proxy.cache.max.byte", "5");
        assertThatThrownBy(() -> ReadProxyConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read.proxy.cache.max.byte");
        Properties q = new Properties();
        q.setProperty("zookeeper.session.timeout.ms", "5000");
        q.setProperty("proxy.max.streams", "5");
        q.setProperty("read.proxy.catchup.max.readers", "3");
        assertThat(ReadProxyConfig.fromProperties(q).get(ReadProxyConfigKeys.CATCHUP_MAX_READERS)).isEqualTo(3);
    }

    @Test
    void builderShouldRejectAValueOutsideItsRuleNamingTheKey() {
        assertThatThrownBy(() -> ReadProxyConfig.builder().set(ReadProxyConfigKeys.CREDIT_TIMEOUT_MS, 5L))
                .hasMessageContaining("read.proxy.credit.timeout.ms");
    }
}
