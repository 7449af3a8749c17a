package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.ConfigKey;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** conf/dlog.conf and docs/configuration.md document exactly the keys of {@link DLConfigKeys}, with their defaults. */
class ConfFileTest {
    private static final Path HOME = Path.of(System.getProperty("dlog.home", ".."));

    private static Properties conf() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(HOME.resolve("conf/dlog.conf"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void confShouldListEveryKeyOfTheCodeAndNoOther() throws Exception {
        TreeSet<String> inCode = DLConfigKeys.ALL.stream().map(ConfigKey::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(conf().stringPropertyNames()))
                .as("keys of conf/dlog.conf vs DLConfigKeys.ALL").isEqualTo(inCode);
    }

    @Test
    void confShouldGiveEachKeyItsDefault() throws Exception {
        Properties p = conf();
        Map<String, Object> wrong = new TreeMap<>();
        for (ConfigKey<?> key : DLConfigKeys.ALL) {
            String text = p.getProperty(key.name());
            if (text != null && !key.parse(text).equals(key.defaultValue())) {
                wrong.put(key.name(), text + " (code default " + key.defaultValue() + ")");
            }
        }
        assertThat(wrong).as("keys whose value in conf/dlog.conf differs from the default").isEmpty();
        assertThat(DLConfig.fromProperties(p)).isEqualTo(DLConfig.defaults());
    }

    @Test
    void confShouldDocumentEachKeyWithUnitAndMeaning() throws Exception {
        List<String> lines = Files.readAllLines(HOME.resolve("conf/dlog.conf"), StandardCharsets.UTF_8);
        for (ConfigKey<?> key : DLConfigKeys.ALL) {
            int at = lines.indexOf(key.name() + "=" + key.defaultValue());
            assertThat(at).as("line '%s=%s'", key.name(), key.defaultValue()).isGreaterThan(1);
            assertThat(lines.get(at - 1)).as("unit line above " + key.name()).startsWith("#   unit: ");
            assertThat(lines.get(at - 2)).as("doc line above " + key.name()).isEqualTo("# " + key.doc());
        }
    }

    @Test
    void configurationDocShouldMentionEveryKey() throws Exception {
        String doc = Files.readString(HOME.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (ConfigKey<?> key : DLConfigKeys.ALL) {
            assertThat(doc).as("docs/configuration.md").contains("`" + key.name() + "`");
        }
    }
}
