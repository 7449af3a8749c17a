package io.dlog.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hex examples of docs/protocol.md are produced by the codec: this test encodes each example message and
 * checks that the page shows exactly those bytes (it also writes the expected blocks to
 * {@code target/protocol-examples.md}, to paste from after a deliberate format change).
 */
class ProtocolExamplesDocTest {

    static String hexBlock(WireMessage msg, boolean checksum) {
        byte[] frame = WireChannels.frame(msg, checksum);
        StringBuilder sb = new StringBuilder("```\n");
        sb.append("header ").append(hex(frame, 0, WireFormat.HEADER_BYTES)).append('\n');
        for (int at = WireFormat.HEADER_BYTES; at < frame.length; at += 16) {
            sb.append("body   ").append(hex(frame, at, Math.min(frame.length, at + 16))).append('\n');
        }
        return sb.append("```").toString();
    }

    private static String hex(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    static List<String> examples() {
        List<String> blocks = new ArrayList<>();
        for (Request r : WireExamples.requests()) {
            blocks.add("`" + r + "`\n" + hexBlock(r, false));
        }
        blocks.add("`" + WireExamples.requests().get(1) + "` with a checksum\n"
                + hexBlock(WireExamples.requests().get(1), true));
        for (Response r : WireExamples.responses()) {
            blocks.add("`" + r + "`\n" + hexBlock(r, false));
        }
        return blocks;
    }

    @Test
    void protocolDocShouldShowTheCodecsBytesForEveryExample() throws Exception {
        List<String> blocks = examples();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "protocol-examples.md"), String.join("\n\n", blocks) + "\n",
                StandardCharsets.UTF_8);
        String doc = Files.readString(Path.of("..", "docs", "protocol.md"), StandardCharsets.UTF_8);
        for (String block : blocks) {
            assertThat(doc).as("docs/protocol.md example (see target/protocol-examples.md)").contains(block);
        }
    }

    @Test
    void protocolDocShouldExplainEveryOpcode() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "protocol.md"), StandardCharsets.UTF_8);
        for (Opcode op : Opcode.values()) {
            assertThat(doc).contains(String.format("| 0x%02x | `%s` |", op.value(), op.name()));
        }
    }
}
