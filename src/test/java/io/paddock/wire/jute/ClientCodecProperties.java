package io.paddock.wire.jute;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.ConnectRequest;
import io.paddock.model.Request;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips and fuzzing of the client codec. The fuzz properties feed random and mutated
 * frames to the decoders and accept only a result or a MalformedFrameException: any other
 * throwable (an unchecked exception, an OutOfMemoryError from a trusted length) fails.
 */
class ClientCodecProperties {
    /** A small maxBuffer makes the "larger than maxBuffer" branch reachable by mutation. */
    private static final int MAX_BUFFER = 4096;

    @Provide Arbitrary<Request> requests() {
        return Generators.requests();
    }

    @Provide Arbitrary<ConnectRequest> connects() {
        return Generators.connects();
    }

    @Property(tries = 2000)
    void requestRoundTrips(@ForAll("requests") Request request, @ForAll int xid) throws Exception {
        byte[] frame = frameOf(xid, request);
        ClientCodec.Decoded d = ClientCodec.decodeRequest(body(frame), ClientCodec.DEFAULT_MAX_BUFFER);
        assertThat(d.xid()).isEqualTo(xid);
        assertThat(d.opcode()).isEqualTo(request.opcode());
        assertThat(d.request()).usingRecursiveComparison().isEqualTo(request);
        assertThat(d.request().getClass()).isEqualTo(request.getClass());
    }

    @Property(tries = 500)
    void connectRoundTrips(@ForAll("connects") ConnectRequest connect) throws Exception {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeConnect(w, connect);
        ConnectRequest back = ClientCodec.decodeConnect(body(w.toByteArray()));
        assertThat(back).usingRecursiveComparison().isEqualTo(connect);
    }

    @Property(tries = 3000)
    void randomBytesNeverEscapeAsAnythingElse(@ForAll byte[] frame) {
        assertOnlyMalformed(frame);
    }

    @Property(tries = 5000)
    void mutatedRequestsNeverEscapeAsAnythingElse(@ForAll("requests") Request request,
                                                  @ForAll("mutations") Mutation mutation) {
        byte[] body = Arrays.copyOfRange(frameOf(7, request), 4, frameOf(7, request).length);
        assertOnlyMalformed(mutation.apply(body));
    }

    @Property(tries = 2000)
    void mutatedConnectsNeverEscapeAsAnythingElse(@ForAll("connects") ConnectRequest connect,
                                                  @ForAll("mutations") Mutation mutation) {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeConnect(w, connect);
        byte[] body = Arrays.copyOfRange(w.toByteArray(), 4, w.size());
        assertOnlyMalformed(mutation.apply(body));
    }

    @Property(tries = 1000)
    void everyTruncationOfARequestIsMalformedOrDecodes(@ForAll("requests") Request request) {
        byte[] frame = frameOf(3, request);
        for (int cut = 4; cut < frame.length; cut++) {
            assertOnlyMalformed(Arrays.copyOfRange(frame, 4, cut));
        }
    }

    /** One damage to a valid frame body: a bit flip, a truncation, or an int overwritten with a nasty value. */
    record Mutation(int kind, int position, int value) {
        byte[] apply(byte[] body) {
            if (body.length == 0) {
                return body;
            }
            int at = Math.floorMod(position, body.length);
            byte[] out = body.clone();
            switch (kind) {
                case 0:
                    out[at] ^= (byte) (1 << Math.floorMod(value, 8));
                    return out;
                case 1:
                    return Arrays.copyOf(body, at);
                default:
                    if (at + 4 > out.length) {
                        return out;
                    }
                    ByteBuffer.wrap(out).putInt(at, value);
                    return out;
            }
        }
    }

    @Provide Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> nasty = Arbitraries.oneOf(Arbitraries.of(-1, -2, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE,
                MAX_BUFFER, MAX_BUFFER + 1, 0xfffff, 0x7ffffff0, 1 << 20), Arbitraries.integers());
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers(), nasty)
                .as(Mutation::new);
    }

    private static byte[] frameOf(int xid, Request request) {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeRequest(w, xid, request);
        return w.toByteArray();
    }

    /** The frame without its 4-byte length, as the connection hands it to the decoder. */
    private static ByteBuffer body(byte[] frame) {
        assertThat(ByteBuffer.wrap(frame).getInt()).isEqualTo(frame.length - 4);
        return ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
    }

    private static void assertOnlyMalformed(byte[] body) {
        try {
            ClientCodec.decodeRequest(ByteBuffer.wrap(body), MAX_BUFFER);
        } catch (MalformedFrameException e) {
            assertThat(e.headerRead()).isEqualTo(body.length >= 8);
        }
        try {
            ClientCodec.decodeConnect(ByteBuffer.wrap(body), MAX_BUFFER);
        } catch (MalformedFrameException e) {
            assertThat(e.headerRead()).isFalse();
        }
    }
}
