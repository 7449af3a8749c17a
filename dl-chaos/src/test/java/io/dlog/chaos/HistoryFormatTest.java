package io.dlog.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.DLSN;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFormatTest {

    @TempDir
    Path dir;

    @Test
    void readShouldReturnEventsWhenWrittenByHistoryWriter() throws IOException {
        try (HistoryWriter w = new HistoryWriter(dir, "c1-1")) {
            w.invoke("log-0", "c1-1.0", "c1-1/w1");
            w.ok("log-0", "c1-1.0", "c1-1/w1", new DLSN(3, 4, 5), 7);
            w.failed("log-0", "c1-1.1", "c1-1/w1", 700, false);
            w.readStart("log-0", "r1", DLSN.INITIAL);
            w.read("log-0", "r1", "c1-1.0", new DLSN(3, 4, 5), 7);
        }
        List<HistoryEvent> events = HistoryFormat.readAll(dir);
        assertThat(events).extracting(HistoryEvent::kind).containsExactly(HistoryEvent.Kind.INVOKE,
                HistoryEvent.Kind.OK, HistoryEvent.Kind.INFO, HistoryEvent.Kind.READ_START, HistoryEvent.Kind.READ);
        assertThat(events.get(1).dlsn()).isEqualTo(new DLSN(3, 4, 5));
        assertThat(events.get(1).client()).isEqualTo("c1-1");
        assertThat(events.get(2).code()).isEqualTo(700);
    }

    @Test
    void readShouldSkipTornLastLineWhenClientWasKilled() throws IOException {
        try (HistoryWriter w = new HistoryWriter(dir, "c2-1")) {
            w.invoke("log-0", "c2-1.0", "c2-1/w1");
        }
        Files.writeString(dir.resolve(HistoryFormat.fileName("c2-1")), "OK\t12", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(HistoryFormat.readAll(dir)).hasSize(1);
    }

    @Test
    void readShouldFailWhenLineInTheMiddleIsCorrupt() throws IOException {
        Files.writeString(dir.resolve(HistoryFormat.fileName("c3-1")), "garbage\nINVOKE\t1\t2\tl\ti\t-\t-1\to\t0\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HistoryFormat.readAll(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(":1:");
    }
}
