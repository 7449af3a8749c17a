package io.dlog.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.TrackingAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of bad frame gets an error answer (connection kept) or an answer and a close (frame sync lost), never
 * an exception in the pipeline and never a leaked buffer; a good request after a recoverable one still works.
 */
@ExtendWith(LeakCheck.class)
class MalformedFrameTest {
    private static final byte[] GOOD = WireChannels.frame(new Create(99, "after"), false);

    private TrackingAllocator alloc;
    private EmbeddedChannel server;

    @BeforeEach
    void setUp() {
        alloc = new TrackingAllocator();
        server = WireChannels.server(alloc);
        server.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                throw new AssertionError("exception reached the end of the pipeline", cause);
            }
        });
    }

    @AfterEach
    void tearDown() {
        server.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    private void assertAnsweredAndStillUsable(byte[] bad, long id, StatusCode code) {
        WireChannels.feed(server, alloc, bad);
        WireChannels.feed(server, alloc, GOOD);
        assertThat(WireChannels.inbound(server)).containsExactly(new Create(99, "after"));
        List<Response> answers = WireChannels.responses(server);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0)).isInstanceOfSatisfying(ErrorResponse.class, e -> {
            assertThat(e.requestId()).isEqualTo(id);
            assertThat(e.statusCode()).as(e.message()).isEqualTo(code);
        });
        assertThat(server.isOpen()).isTrue();
    }

    private void assertAnsweredAndClosed(byte[] bad, StatusCode code, Consumer<ErrorResponse> more) {
        WireChannels.feed(server, alloc, bad);
        if (server.isOpen()) {
            WireChannels.feed(server, alloc, GOOD);
        }
        assertThat(WireChannels.inbound(server)).isEmpty();
        List<Response> answers = WireChannels.responses(server);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0)).isInstanceOfSatisfying(ErrorResponse.class, e -> {
            assertThat(e.statusCode()).as(e.message()).isEqualTo(code);
            more.accept(e);
        });
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void unknownOpcodeShouldBeAnsweredWithUnknownOpcode() {
        assertAnsweredAndStillUsable(RawFrames.frame(1, 0x7E, 0, 5, new byte[3]), 5, StatusCode.UNKNOWN_OPCODE);
    }

    @Test
    void unassignedReadProxyOpcodeShouldBeAnsweredWithUnknownOpcode() {
        assertAnsweredAndStillUsable(RawFrames.frame(1, Opcode.READ_RESERVED_LAST, 0, 6, new byte[0]), 6,
                StatusCode.UNKNOWN_OPCODE);
    }

    private static byte[] openReaderBody(int position, long txid, int records, long bytes) {
        return RawFrames.concat(RawFrames.string("orders"), new byte[] {(byte) position}, RawFrames.i64(1),
                RawFrames.i64(0), RawFrames.i64(0), RawFrames.i64(txid), RawFrames.i32(records), RawFrames.i64(bytes),
                RawFrames.string(""));
    }

    @Test
    void openReaderWithZeroOrNegativeCreditShouldBeInvalidArgument() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 30, openReaderBody(1, -1, 0, 100)), 30,
                StatusCode.INVALID_ARGUMENT);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 31, openReaderBody(1, -1, -5, 100)), 31,
                StatusCode.INVALID_ARGUMENT);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 32, openReaderBody(1, -1, 10, 0)), 32,
                StatusCode.INVALID_ARGUMENT);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 33, openReaderBody(1, -1, 10, -1)), 33,
                StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void openReaderWithUnknownPositionOrNegativeTxidShouldBeInvalidArgument() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 34, openReaderBody(9, -1, 10, 100)), 34,
                StatusCode.INVALID_ARGUMENT);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 35, openReaderBody(2, -7, 10, 100)), 35,
                StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void openReaderWithAPositionOutsideOneToFiveShouldBeInvalidArgument() {
        for (int position : new int[] {0, 6, 0x7f, 0xff}) {
            assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 50 + position,
                    openReaderBody(position, -1, 10, 100)), 50 + position, StatusCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void openReaderAtTheTailShouldDecodeWithItsPositionAndIgnoreTheUnusedDlsnAndTxid() {
        WireChannels.feed(server, alloc, RawFrames.request(Opcode.OPEN_READER, 45, openReaderBody(5, -1, 10, 100)));
        assertThat(WireChannels.inbound(server)).singleElement().isInstanceOfSatisfying(OpenReader.class, o -> {
            assertThat(o.position()).isEqualTo(ReadPosition.TAIL);
            assertThat(o.creditRecords()).isEqualTo(10);
        });
        assertThat(WireChannels.responses(server)).isEmpty();
    }

    @Test
    void openReaderWithAShortBodyAfterThePositionShouldBeMalformedRequest() {
        byte[] full = openReaderBody(5, -1, 10, 100);
        byte[] cut = Arrays.copyOf(full, 2 + 6 + 1 + 20);   // stream, position, part of the DLSN
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 46, cut), 46,
                StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void clientShouldDecodeAnEmptyOpenAnswerAsAnAckAndOneWithADlsnAsReaderOpened() {
        EmbeddedChannel client = WireChannels.client(alloc, false);
        try {
            WireChannels.feed(client, alloc, RawFrames.frame(1, Opcode.OPEN_READER.value(), WireFormat.FLAG_RESPONSE,
                    20, RawFrames.i32(200)));
            WireChannels.feed(client, alloc, RawFrames.frame(1, Opcode.OPEN_READER.value(), WireFormat.FLAG_RESPONSE,
                    21, RawFrames.concat(RawFrames.i32(200), RawFrames.i64(3), RawFrames.i64(18), RawFrames.i64(0))));
            assertThat(WireChannels.inbound(client)).containsExactly(new AckResponse(20, Opcode.OPEN_READER),
                    new ReaderOpened(21, new io.dlog.protocol.DLSN(3, 18, 0)));
        } finally {
            client.finishAndReleaseAll();
        }
    }

    @Test
    void clientShouldCloseOnAnOpenAnswerWithAShortOrNegativeStart() {
        byte[][] bodies = {RawFrames.concat(RawFrames.i32(200), RawFrames.i64(3)),
            RawFrames.concat(RawFrames.i32(200), RawFrames.i64(3), RawFrames.i64(-1), RawFrames.i64(0)),
            RawFrames.concat(RawFrames.i32(200), RawFrames.i64(3), RawFrames.i64(18), RawFrames.i64(0), new byte[1])};
        for (byte[] body : bodies) {
            EmbeddedChannel client = WireChannels.client(alloc, false);
            try {
                WireChannels.feed(client, alloc, RawFrames.frame(1, Opcode.OPEN_READER.value(),
                        WireFormat.FLAG_RESPONSE, 22, body));
                assertThat(WireChannels.inbound(client)).singleElement().isInstanceOfSatisfying(WireError.class,
                        e -> assertThat(e.closeConnection()).isTrue());
            } finally {
                client.finishAndReleaseAll();
            }
        }
    }

    @Test
    void openReaderWithInvalidStreamNameShouldBeInvalidStreamName() {
        byte[] body = openReaderBody(1, -1, 10, 100);
        body[2] = '.';
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.OPEN_READER, 36, body), 36,
                StatusCode.INVALID_STREAM_NAME);
    }

    @Test
    void creditGrantThatIsEmptyOrNegativeShouldBeInvalidArgumentAnsweredWithTheReaderId() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.READ_CREDIT, 37,
                RawFrames.concat(RawFrames.i32(0), RawFrames.i64(0))), 37, StatusCode.INVALID_ARGUMENT);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.READ_CREDIT, 37,
                RawFrames.concat(RawFrames.i32(-1), RawFrames.i64(100))), 37, StatusCode.INVALID_ARGUMENT);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.READ_CREDIT, 37,
                RawFrames.concat(RawFrames.i32(5), RawFrames.i64(-100))), 37, StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void creditGrantWithAShortBodyShouldBeMalformedRequest() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.READ_CREDIT, 38, RawFrames.i32(5)), 38,
                StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void closeReaderWithANonPositiveReaderIdShouldBeInvalidArgument() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.CLOSE_READER, 39, RawFrames.i64(0)), 39,
                StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void commitWithAShortBodyShouldBeMalformedRequest() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.COMMIT_POSITION, 42,
                RawFrames.concat(RawFrames.i64(20), RawFrames.i64(3))), 42, StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void commitWithANonPositiveReaderIdShouldBeInvalidArgument() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.COMMIT_POSITION, 43, RawFrames.concat(RawFrames.i64(0),
                RawFrames.i64(3), RawFrames.i64(17), RawFrames.i64(0))), 43, StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void commitWithANegativeDlsnShouldBeInvalidArgument() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.COMMIT_POSITION, 44, RawFrames.concat(RawFrames.i64(20),
                RawFrames.i64(-1), RawFrames.i64(0), RawFrames.i64(0))), 44, StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void serverPushOpcodesSentAsRequestsShouldBeMalformedRequest() {
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.READ_RECORDS, 40, RawFrames.i32(0)), 40,
                StatusCode.MALFORMED_REQUEST);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.READER_END, 41, new byte[0]), 41,
                StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void clientShouldCloseOnARecordBatchWithANegativePayloadLength() {
        EmbeddedChannel client = WireChannels.client(alloc, false);
        try {
            byte[] body = RawFrames.concat(RawFrames.i32(200), RawFrames.i32(1), RawFrames.i64(1), RawFrames.i64(0),
                    RawFrames.i64(0), RawFrames.i64(1), RawFrames.i32(-3));
            WireChannels.feed(client, alloc, RawFrames.frame(1, Opcode.READ_RECORDS.value(), WireFormat.FLAG_RESPONSE,
                    20, body));
            assertThat(WireChannels.inbound(client)).singleElement().isInstanceOfSatisfying(WireError.class,
                    e -> assertThat(e.closeConnection()).isTrue());
        } finally {
            client.finishAndReleaseAll();
        }
    }

    @Test
    void unsupportedVersionShouldBeAnsweredAndTheConnectionClosed() {
        assertAnsweredAndClosed(RawFrames.frame(9, Opcode.CREATE.value(), 0, 7, RawFrames.string("x")),
                StatusCode.UNSUPPORTED_VERSION, e -> assertThat(e.requestId()).isEqualTo(7));
    }

    @Test
    void bodyShorterThanItsLayoutShouldBeMalformedRequest() {
        byte[] body = RawFrames.concat(RawFrames.string("orders"), RawFrames.i64(-1), RawFrames.i64(-1),
                RawFrames.i32(100), new byte[10]);
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.WRITE, 8, body), 8, StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void bodyLongerThanItsLayoutShouldBeMalformedRequest() {
        byte[] body = RawFrames.concat(RawFrames.string("orders"), new byte[] {1, 2, 3});
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.CREATE, 9, body), 9, StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void stringLengthPastTheBodyShouldBeMalformedRequest() {
        byte[] body = RawFrames.concat(new byte[] {(byte) 0xFF, (byte) 0xFF}, RawFrames.string("x"));
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.DELETE, 10, body), 10, StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void invalidStreamNameShouldBeAnsweredWithInvalidStreamName() {
        for (String bad : List.of("", "../etc", ".hidden", "a b", "lock", "x".repeat(256), "caf\u00e9")) {
            assertAnsweredAndStillUsable(RawFrames.request(Opcode.CREATE, 11, RawFrames.string(bad)), 11,
                    StatusCode.INVALID_STREAM_NAME);
        }
    }

    @Test
    void negativePayloadLengthShouldBeMalformedRequest() {
        byte[] body = RawFrames.concat(RawFrames.string("orders"), RawFrames.i64(-1), RawFrames.i64(-1),
                RawFrames.i32(-5));
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.WRITE, 12, body), 12, StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void negativeRecordCountShouldBeMalformedRequest() {
        byte[] body = RawFrames.concat(RawFrames.string("orders"), RawFrames.i64(-1), RawFrames.i64(-1),
                RawFrames.i32(-1));
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.WRITE_BULK, 13, body), 13, StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void hugeRecordCountShouldBeRejectedWithoutAllocatingForIt() {
        byte[] body = RawFrames.concat(RawFrames.string("orders"), RawFrames.i64(-1), RawFrames.i64(-1),
                RawFrames.i32(Integer.MAX_VALUE), RawFrames.i32(0));
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.WRITE_BULK, 14, body), 14, StatusCode.MALFORMED_REQUEST);
        assertThat(alloc.largestRequest()).isLessThan(WireChannels.MAX_FRAME);
    }

    @Test
    void emptyBulkWriteShouldBeInvalidArgument() {
        byte[] body = RawFrames.concat(RawFrames.string("orders"), RawFrames.i64(-1), RawFrames.i64(-1),
                RawFrames.i32(0));
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.WRITE_BULK, 15, body), 15, StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void negativeDlsnShouldBeInvalidArgument() {
        byte[] body = RawFrames.concat(RawFrames.string("orders"), RawFrames.i64(1), RawFrames.i64(-3),
                RawFrames.i64(0));
        assertAnsweredAndStillUsable(RawFrames.request(Opcode.TRUNCATE, 16, body), 16, StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void checksumMismatchShouldBeChecksumFailed() {
        byte[] frame = WireChannels.frame(Write.of(17, "orders", WireExamples.bytes("payload")), true);
        frame[frame.length - 1] ^= 0x01;
        assertAnsweredAndStillUsable(frame, 17, StatusCode.CHECKSUM_FAILED);
    }

    @Test
    void streamNameCorruptedUnderAChecksumShouldBeChecksumFailed() {
        byte[] frame = WireChannels.frame(Write.of(18, "orders", WireExamples.bytes("payload")), true);
        frame[WireFormat.HEADER_BYTES + 4 + 2] = 'O';
        assertAnsweredAndStillUsable(frame, 18, StatusCode.CHECKSUM_FAILED);
    }

    @Test
    void unknownFlagShouldBeMalformedRequest() {
        assertAnsweredAndStillUsable(RawFrames.frame(1, Opcode.CREATE.value(), 0x8000, 19, RawFrames.string("x")), 19,
                StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void responseSentToAServerShouldBeMalformedRequest() {
        assertAnsweredAndStillUsable(WireChannels.frame(new AckResponse(20, Opcode.CREATE), false), 20,
                StatusCode.MALFORMED_REQUEST);
    }

    @Test
    void overLimitFrameShouldBeAnsweredAndSkippedWithoutBufferingIt() {
        byte[] body = new byte[WireChannels.MAX_FRAME + 1000];
        byte[] huge = RawFrames.request(Opcode.WRITE, 21, body);
        // arrives in pieces, as from a socket: the decoder skips it as it comes
        for (int at = 0; at < huge.length; at += 4096) {
            WireChannels.feed(server, alloc, Arrays.copyOfRange(huge, at, Math.min(huge.length, at + 4096)));
        }
        assertAnsweredAndStillUsable(new byte[0], 21, StatusCode.MALFORMED_REQUEST);
        assertThat(alloc.largestRequest()).isLessThan(WireChannels.MAX_FRAME);
    }

    @Test
    void lengthBelowTheHeaderShouldCloseTheConnectionAfterAnAnswer() {
        assertAnsweredAndClosed(RawFrames.frameWithLength(3, 1, 5, 0, 1, new byte[0]), StatusCode.MALFORMED_FRAME,
                e -> assertThat(e.requestId()).isEqualTo(WireFormat.CONNECTION_REQUEST_ID));
    }

    @Test
    void negativeLengthShouldCloseTheConnectionAfterAnAnswer() {
        assertAnsweredAndClosed(RawFrames.frameWithLength(-1, 1, 5, 0, 1, new byte[0]), StatusCode.MALFORMED_FRAME,
                e -> { });
    }

    @Test
    void nonPositiveRequestIdShouldCloseTheConnectionAfterAnAnswer() {
        assertAnsweredAndClosed(RawFrames.request(Opcode.CREATE, 0, RawFrames.string("x")), StatusCode.MALFORMED_FRAME,
                e -> assertThat(e.requestId()).isEqualTo(WireFormat.CONNECTION_REQUEST_ID));
    }

    @Test
    void truncatedFrameShouldBeDroppedWithoutALeakWhenTheConnectionEnds() {
        byte[] frame = WireChannels.frame(Write.of(22, "orders", new byte[100]), false);
        WireChannels.feed(server, alloc, Arrays.copyOf(frame, frame.length - 10));
        assertThat(WireChannels.inbound(server)).isEmpty();
        server.close();
        assertThat(WireChannels.inbound(server)).isEmpty();
        assertThat(WireChannels.responses(server)).isEmpty();
    }

    @Test
    void clientShouldCloseOnAMalformedResponse() {
        EmbeddedChannel client = WireChannels.client(alloc, false);
        try {
            WireChannels.feed(client, alloc, RawFrames.frame(1, Opcode.WRITE.value(), WireFormat.FLAG_RESPONSE, 3,
                    RawFrames.concat(RawFrames.i32(200), new byte[5])));
            List<Object> out = WireChannels.inbound(client);
            assertThat(out).singleElement().isInstanceOfSatisfying(WireError.class,
                    e -> assertThat(e.closeConnection()).isTrue());
        } finally {
            client.finishAndReleaseAll();
        }
    }
}
