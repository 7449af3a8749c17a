package io.dlog.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/protocol.md lists every status code with its value: the documentation cannot drift from the enum. */
class ProtocolDocTest {

    @Test
    void protocolDocShouldListEveryStatusCodeWithItsValue() throws Exception {
        Path doc = Path.of("..", "docs", "protocol.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        for (StatusCode code : StatusCode.values()) {
            assertThat(text).as("docs/protocol.md row for %s", code)
                    .contains("| " + code.value() + " | `" + code.name() + "` | " + (code.isRetryable() ? "yes" : "no"));
        }
    }
}
