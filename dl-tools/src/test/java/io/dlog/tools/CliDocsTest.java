package io.dlog.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/cli.md documents every command of the CLI (a section heading names it) and every JSON output. */
class CliDocsTest {
    private static final Path HOME = Path.of(System.getProperty("dlog.home", "..")).toAbsolutePath().normalize();

    @Test
    void everyCommandShouldHaveAHeadingInCliDocs() throws Exception {
        List<String> headings = Files.readAllLines(HOME.resolve("docs/cli.md"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("## `dlog ")).toList();
        CliEnvironment env = CliEnvironment.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), Map.of(), HOME, false);
        List<String> undocumented = new ArrayList<>();
        for (CommandLine top : DlogCli.commandLine(env).getSubcommands().values()) {
            String name = top.getCommandName();
            List<String> own = headings.stream().filter(h -> h.startsWith("## `dlog " + name + " ")
                    || h.startsWith("## `dlog " + name + "`")).toList();
            if (own.isEmpty()) {
                undocumented.add("dlog " + name);
            }
            for (String sub : top.getSubcommands().keySet()) {
                if (own.stream().noneMatch(h -> h.matches(".*[ |`]" + sub + "[ |`].*"))) {
                    undocumented.add("dlog " + name + " " + sub);
                }
            }
        }
        assertThat(undocumented).as("commands without a section in docs/cli.md").isEmpty();
    }

    @Test
    void everyJsonOutputShouldBeDocumented() throws Exception {
        String docs = Files.readString(HOME.resolve("docs/cli.md"), StandardCharsets.UTF_8);
        for (String field : new String[] {"\"segment_count\"", "\"first_dlsn\"", "\"last_write\"", "\"sealed\"",
            "\"writer\"", "\"since\"", "\"segments\"", "\"retention_ms\"", "\"retention_bytes\"", "\"orphans\"",
            "\"missing_ledgers\"", "\"unfinished_truncations\"", "\"possibly_in_use\"", "\"age_seconds\"",
            "\"problems\"", "\"deleted_orphans\"", "\"log_names\""}) {
            assertThat(docs).as(field).contains(field);
        }
    }
}
