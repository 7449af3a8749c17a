package io.dlog.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.Seeds;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.TrackingAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated frames, cut at random points, into a server pipeline: whatever arrives, the pipeline emits
 * only well-formed requests, answers with protocol error codes only, never raises an exception and releases every
 * buffer. 20 seeds of 500 frames each.
 */
@ExtendWith(LeakCheck.class)
class WireFuzzTest {
    private static final Set<StatusCode> ANSWERS = EnumSet.of(StatusCode.MALFORMED_FRAME, StatusCode.MALFORMED_REQUEST,
            StatusCode.UNKNOWN_OPCODE, StatusCode.UNSUPPORTED_VERSION, StatusCode.CHECKSUM_FAILED,
            StatusCode.INVALID_STREAM_NAME, StatusCode.INVALID_ARGUMENT);

    static LongStream seeds() {
        return Seeds.of("WireFuzzTest", 20);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void serverPipelineShouldAnswerOrDropEveryMutatedFrameWithoutExceptionsOrLeaks(long seed) {
        Seeds.check(seed, random -> {
            TrackingAllocator alloc = new TrackingAllocator();
            List<Throwable> exceptions = new ArrayList<>();
            List<Object> inbound = new ArrayList<>();
            List<Response> answers = new ArrayList<>();
            EmbeddedChannel server = connect(alloc, exceptions);
            int connections = 1;
            for (int i = 0; i < 500; i++) {
                if (!server.isOpen() || random.nextInt(20) == 0) {
                    // the peer closed after lost frame sync (or a frame's length swallowed what followed): the
                    // fuzzing client reconnects
                    server.finishAndReleaseAll();
                    server = connect(alloc, exceptions);
                    connections++;
                }
                byte[] frame = nextFrame(random);
                for (int at = 0; at < frame.length && server.isOpen(); ) {
                    int n = Math.min(frame.length - at, 1 + random.nextInt(256));
                    WireChannels.feed(server, alloc, Arrays.copyOfRange(frame, at, at + n));
                    at += n;
                    inbound.addAll(WireChannels.inbound(server));
                    answers.addAll(WireChannels.responses(server));
                }
            }
            server.finishAndReleaseAll();
            assertThat(exceptions).isEmpty();
            assertThat(inbound).isNotEmpty().allMatch(o -> o instanceof Request);
            assertThat(answers).isNotEmpty().allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(ErrorResponse.class,
                    e -> assertThat(e.statusCode()).as(e.message()).isIn(ANSWERS)));
            assertThat(connections).isLessThan(250);
            alloc.assertAllReleased();
        });
    }

    private static EmbeddedChannel connect(TrackingAllocator alloc, List<Throwable> exceptions) {
        EmbeddedChannel server = WireChannels.server(alloc);
        server.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                exceptions.add(cause);
            }
        });
        return server;
    }

    private static byte[] nextFrame(Random random) {
        List<Request> examples = WireExamples.requests();
        byte[] frame = WireChannels.frame(examples.get(random.nextInt(examples.size())), random.nextBoolean());
        switch (random.nextInt(6)) {
            case 0:
                return frame;
            case 1:
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                }
                return frame;
            case 2:
                // a mutation after the length field: frame sync survives, the header or body does not
                int at = WireFormat.LENGTH_FIELD_BYTES + random.nextInt(frame.length - WireFormat.LENGTH_FIELD_BYTES);
                frame[at] = (byte) random.nextInt(256);
                return frame;
            case 3:
                return Arrays.copyOf(frame, random.nextInt(frame.length));
            case 4:
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                return noise;
            default:
                byte[] grown = Arrays.copyOf(frame, frame.length + 1 + random.nextInt(16));
                int length = grown.length - WireFormat.LENGTH_FIELD_BYTES;
                grown[0] = (byte) (length >>> 24);
                grown[1] = (byte) (length >>> 16);
                grown[2] = (byte) (length >>> 8);
                grown[3] = (byte) length;
                return grown;
        }
    }
}
