package io.dlog.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.NotOwnerException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(LeakCheck.class)
class WireCodecRoundTripTest {

    @ParameterizedTest(name = "checksums={0}")
    @ValueSource(booleans = {false, true})
    void requestsShouldDecodeToEqualMessagesWhenSentThroughTheClientAndServerPipelines(boolean checksums) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel client = WireChannels.client(alloc, checksums);
        EmbeddedChannel server = WireChannels.server(alloc);
        for (Request request : WireExamples.requests()) {
            assertThat(client.writeOutbound(request)).isTrue();
            ByteBuf frame = client.readOutbound();
            server.writeInbound(frame);
            assertThat(WireChannels.inbound(server)).containsExactly(request);
        }
        assertThat(WireChannels.responses(server)).isEmpty();
        assertThat(server.isOpen()).isTrue();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    @ParameterizedTest(name = "checksums={0}")
    @ValueSource(booleans = {false, true})
    void responsesShouldDecodeToEqualMessagesWhenSentFromAServer(boolean checksums) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel client = WireChannels.client(alloc, false);
        for (Response response : WireExamples.responses()) {
            WireChannels.feed(client, alloc, WireChannels.frame(response, checksums));
            assertThat(WireChannels.inbound(client)).containsExactly(response);
        }
        client.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    @Test
    void framesShouldDecodeWhenTheyArriveOneByteAtATime() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel server = WireChannels.server(alloc);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Request r : WireExamples.requests()) {
            all.writeBytes(WireChannels.frame(r, true));
        }
        List<Object> decoded = new ArrayList<>();
        for (byte b : all.toByteArray()) {
            WireChannels.feed(server, alloc, new byte[] {b});
            decoded.addAll(WireChannels.inbound(server));
        }
        assertThat(decoded).containsExactlyElementsOf(WireExamples.requests());
        server.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    @Test
    void pipelinedFramesShouldDecodeInOrderWhenTheyArriveInOneBuffer() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel server = WireChannels.server(alloc);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Request r : WireExamples.requests()) {
            all.writeBytes(WireChannels.frame(r, false));
        }
        WireChannels.feed(server, alloc, all.toByteArray());
        assertThat(WireChannels.inbound(server)).containsExactlyElementsOf(WireExamples.requests());
        server.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    @Test
    void foundAnswerShouldBecomeNotOwnerExceptionWithTheOwnerField() {
        ErrorResponse found = ErrorResponse.found(5, Opcode.WRITE.value(), "orders", "10.0.0.9:7002");
        assertThat(found.toException()).isInstanceOf(NotOwnerException.class)
                .satisfies(e -> assertThat(((NotOwnerException) e).owner()).contains("10.0.0.9:7002"));
        assertThat(found.statusCode()).isEqualTo(StatusCode.FOUND);
    }

    @Test
    void unknownStatusCodeShouldSurviveAsItsRawValue() {
        ErrorResponse future = new ErrorResponse(3, Opcode.WRITE.value(), 4242, "new failure", "");
        assertThat(future.statusCode()).isEqualTo(StatusCode.UNKNOWN);
        assertThat(future.toException().getMessage()).contains("4242");
    }

    @Test
    void toStringShouldNeverPrintThePayload() {
        Write w = Write.of(1, "orders", WireExamples.bytes("secret-payload"));
        WriteBulk b = WriteBulk.of(2, "orders", List.of(WireExamples.bytes("secret-payload")));
        Handshake h = new Handshake(3, 1, 1, "c", "token", WireExamples.bytes("secret-payload"));
        assertThat(List.of(w.toString(), b.toString(), h.toString())).noneMatch(s -> s.contains("secret"));
    }

    @Test
    void handshakeShouldNegotiateTheHighestCommonVersionOrNone() {
        Handshake h = new Handshake(1, 1, 3, "c", "", new byte[0]);
        assertThat(h.negotiate(1, 2)).isEqualTo(2);
        assertThat(h.negotiate(2, 5)).isEqualTo(3);
        assertThat(h.negotiate(4, 5)).isEqualTo(-1);
        assertThat(Handshake.of(1, "c").negotiate()).isEqualTo(WireFormat.VERSION);
    }
}
