package io.paddock.wire.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.paddock.consensus.PeerMessage;
import io.paddock.model.Request;
import io.paddock.wire.jute.JuteWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Frames and messages round-trip exactly, and damaged frames are rejected with the typed
 * exception only: every single-bit flip and every truncation of a valid frame, trailing bytes,
 * impossible lengths; and the payload decoder, which has no crc of its own to hide behind, fails
 * only with the typed exception whatever bytes it is given.
 */
class PeerFramesProperties {

    static byte[] frameOf(PeerMessage message) {
        JuteWriter w = new JuteWriter(16);
        PeerFrames.appendMessage(w, message);
        return w.toByteArray();
    }

    @Provide Arbitrary<PeerMessage> messages() {
        return PeerGenerators.messages();
    }

    /** Frames of every type, with what they decode to. */
    @Provide Arbitrary<byte[]> frames() {
        Arbitrary<Integer> i = Arbitraries.integers();
        Arbitrary<Long> n = Arbitraries.longs();
        Arbitrary<byte[]> hello = Combinators.combine(i, i).as((from, to) -> write(w -> PeerFrames.appendHello(w, from, to)));
        Arbitrary<byte[]> begin = Combinators.combine(i, i, n, n, Arbitraries.longs().greaterOrEqual(0))
                .as((from, to, epoch, zxid, size) -> write(w -> PeerFrames.appendSnapshotBegin(w, from, to, epoch, zxid, size)));
        Arbitrary<byte[]> chunk = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80)
                .map(b -> write(w -> PeerFrames.appendSnapshotChunk(w, b, 0, b.length)));
        Arbitrary<byte[]> end = i.map(crc -> write(w -> PeerFrames.appendSnapshotEnd(w, crc)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, messages().map(PeerFramesProperties::frameOf)),
                net.jqwik.api.Tuple.of(1, hello), net.jqwik.api.Tuple.of(1, begin), net.jqwik.api.Tuple.of(1, chunk),
                net.jqwik.api.Tuple.of(1, end));
    }

    private static byte[] write(java.util.function.Consumer<JuteWriter> encoder) {
        JuteWriter w = new JuteWriter(16);
        encoder.accept(w);
        return w.toByteArray();
    }

    @Property(tries = 3000)
    void everyMessageRoundTripsExactly(@ForAll("messages") PeerMessage message) throws Exception {
        byte[] bytes = frameOf(message);
        assertThat(PeerFrames.frameBytes(ByteBuffer.wrap(bytes).getInt(0))).isEqualTo(bytes.length);
        PeerFrame frame = PeerFrames.decode(ByteBuffer.wrap(bytes));
        assertThat(frame).isInstanceOf(PeerFrame.Message.class);
        PeerMessage back = ((PeerFrame.Message) frame).message();
        assertThat(back).isInstanceOf(message.getClass());
        // Recursive comparison compares arrays by content and keeps null distinct from empty.
        assertThat(back).usingRecursiveComparison().isEqualTo(message);
        assertThat(frameOf(back)).isEqualTo(bytes);
    }

    @Property(tries = 300)
    void controlFramesRoundTrip(@ForAll int from, @ForAll int to, @ForAll long epoch, @ForAll long zxid,
                                @ForAll @IntRange(min = 0) int size, @ForAll @Size(min = 1, max = 50) byte[] chunk)
            throws Exception {
        JuteWriter w = new JuteWriter(16);
        PeerFrames.appendHello(w, from, to);
        PeerFrames.appendSnapshotBegin(w, from, to, epoch, zxid, size);
        PeerFrames.appendSnapshotChunk(w, chunk, 0, chunk.length);
        PeerFrames.appendSnapshotEnd(w, from ^ to);
        List<PeerFrame> frames = split(w.toByteArray());
        assertThat(frames).hasSize(4);
        assertThat(frames.get(0)).isEqualTo(new PeerFrame.Hello(from, to, PeerFrames.PROTOCOL_VERSION));
        assertThat(frames.get(1)).isEqualTo(new PeerFrame.SnapshotBegin(from, to, epoch, zxid, size));
        ByteBuffer view = ((PeerFrame.SnapshotChunk) frames.get(2)).bytes();
        byte[] copied = new byte[view.remaining()];
        view.duplicate().get(copied);
        assertThat(copied).isEqualTo(chunk);
        assertThat(frames.get(3)).isEqualTo(new PeerFrame.SnapshotEnd(from ^ to));
    }

    /** Splits a stream the way a receiver does: length first, then exactly that frame, as a view. */
    static List<PeerFrame> split(byte[] stream) throws MalformedPeerFrameException {
        // A direct buffer at a non-zero offset: the decoder must not assume a heap array or position 0.
        ByteBuffer direct = ByteBuffer.allocateDirect(stream.length + 3);
        direct.position(3);
        direct.put(stream);
        List<PeerFrame> frames = new ArrayList<>();
        int at = 3;
        while (at < direct.capacity()) {
            int whole = PeerFrames.frameBytes(direct.getInt(at));
            frames.add(PeerFrames.decode(direct.slice(at, whole)));
            at += whole;
        }
        return frames;
    }

    @Property(tries = 400)
    void manyFramesInOneWriterSplitBackInOrder(@ForAll("messages") PeerMessage a, @ForAll("messages") PeerMessage b,
                                               @ForAll("messages") PeerMessage c) throws Exception {
        JuteWriter w = new JuteWriter(16);
        for (PeerMessage m : List.of(a, b, c)) {
            PeerFrames.appendMessage(w, m);
        }
        List<PeerFrame> frames = split(w.toByteArray());
        assertThat(frames).hasSize(3);
        List<PeerMessage> back = frames.stream().map(f -> ((PeerFrame.Message) f).message()).toList();
        assertThat(back).usingRecursiveFieldByFieldElementComparator().containsExactly(a, b, c);
    }

    @Property(tries = 300)
    void everySingleBitFlipIsRejected(@ForAll("frames") byte[] frame) {
        for (int position = 0; position < frame.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = frame.clone();
                flipped[position] ^= (byte) (1 << bit);
                rejected(flipped);
            }
        }
    }

    @Property(tries = 300)
    void everyTruncationAndEveryTrailingByteIsRejected(@ForAll("frames") byte[] frame, @ForAll byte extra) {
        for (int length = 0; length < frame.length; length++) {
            assertThat(rejected(Arrays.copyOf(frame, length)).reason())
                    .isEqualTo(MalformedPeerFrameException.Reason.TRUNCATED);
        }
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        longer[frame.length] = extra;
        assertThat(rejected(longer).reason()).isEqualTo(MalformedPeerFrameException.Reason.TRAILING_BYTES);
    }

    /**
     * The payload decoder alone (as if a crc collision let damage through): any flipped bit
     * either still decodes or fails with the typed exception, and any truncation fails, because
     * the encoding is prefix-free.
     */
    @Property(tries = 1000)
    void payloadDecoderFailsOnlyWithTheTypedException(@ForAll("messages") PeerMessage message, @ForAll int position,
                                                      @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] frame = frameOf(message);
        byte[] payload = Arrays.copyOfRange(frame, PeerFrames.HEADER_BYTES, frame.length);
        byte[] flipped = payload.clone();
        flipped[Math.floorMod(position, payload.length)] ^= (byte) (1 << bit);
        try {
            PeerCodec.decode(ByteBuffer.wrap(flipped));
        } catch (MalformedPeerFrameException expected) {
            assertThat(expected.reason()).isIn(MalformedPeerFrameException.Reason.BAD_PAYLOAD,
                    MalformedPeerFrameException.Reason.UNKNOWN_TYPE);
        }
        byte[] cut = Arrays.copyOf(payload, Math.floorMod(position, payload.length));
        assertThatThrownBy(() -> PeerCodec.decode(ByteBuffer.wrap(cut))).isInstanceOf(MalformedPeerFrameException.class);
    }

    @Property(tries = 300)
    void randomBytesBehindAPlausibleLengthAreRejected(@ForAll @Size(min = 6, max = 200) byte[] body) {
        byte[] frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        frame[4] = (byte) PeerFrames.VERSION; // get past the version check to the crc
        rejected(frame);
    }

    @Test
    void impossibleLengthsAreRejectedBeforeAnythingIsBuffered() {
        assertThat(reasonOf(() -> PeerFrames.frameBytes(PeerFrames.FRAME_LENGTH_MAX + 1)))
                .isEqualTo(MalformedPeerFrameException.Reason.OVERSIZE);
        assertThat(reasonOf(() -> PeerFrames.frameBytes(-1))).isEqualTo(MalformedPeerFrameException.Reason.BAD_LENGTH);
        assertThat(reasonOf(() -> PeerFrames.frameBytes(5))).isEqualTo(MalformedPeerFrameException.Reason.BAD_LENGTH);
        byte[] huge = ByteBuffer.allocate(64).putInt(Integer.MAX_VALUE).array();
        assertThat(rejected(huge).reason()).isEqualTo(MalformedPeerFrameException.Reason.OVERSIZE);
    }

    @Test
    void unknownVersionAndTypeAreNamed() throws Exception {
        byte[] frame = write(w -> PeerFrames.appendSnapshotEnd(w, 7));
        byte[] v2 = frame.clone();
        v2[4] = 2;
        assertThat(rejected(v2)).hasMessageContaining("frame version 2");
        // A type the decoder does not know, with a crc that matches, so that only the type is wrong.
        JuteWriter w = new JuteWriter(16);
        PeerFrames.appendSnapshotEnd(w, 7);
        w.array()[PeerFrames.HEADER_BYTES - 1] = 9;
        PeerFrames.end(w, 0);
        MalformedPeerFrameException e = rejected(w.toByteArray());
        assertThat(e.reason()).isEqualTo(MalformedPeerFrameException.Reason.UNKNOWN_TYPE);
        assertThat(e).hasMessageContaining("frame type 9");
    }

    @Test
    void aReadRequestCannotBeForwardedAndLeavesTheWriterAsItWas() {
        JuteWriter w = new JuteWriter(16);
        PeerFrames.appendHello(w, 1, 2);
        int before = w.size();
        PeerMessage read = new PeerMessage.ForwardWrite(1, 2, 3, 9, 0, 4, 5, new Request.GetData("/a", false),
                List.of());
        assertThatThrownBy(() -> PeerFrames.appendMessage(w, read)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GetData");
        assertThat(w.size()).isEqualTo(before);
    }

    private static MalformedPeerFrameException rejected(byte[] bytes) {
        try {
            PeerFrame frame = PeerFrames.decode(ByteBuffer.wrap(bytes));
            return fail("decoded damaged bytes %s as %s", Arrays.toString(bytes), frame);
        } catch (MalformedPeerFrameException expected) {
            return expected;
        }
    }

    private interface Check {
        void run() throws MalformedPeerFrameException;
    }

    private static MalformedPeerFrameException.Reason reasonOf(Check check) {
        try {
            check.run();
            return fail("accepted");
        } catch (MalformedPeerFrameException expected) {
            return expected.reason();
        }
    }
}
