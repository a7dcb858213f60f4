package io.paddock.wire.jute;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.OpCode;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The client-side reply decoder against the server's encoder: a reply the node encodes decodes
 * back to the same body, and random or damaged bytes give a MalformedFrameException, never
 * another throwable (the cli must survive a bad server).
 */
class ClientReplyProperties {
    private static final int MAX_BUFFER = 4096;

    /** One reply the node can send: the opcode of its request and a body laid out for it. */
    record Sample(int opcode, Response body) {}

    @Provide Arbitrary<Sample> samples() {
        Arbitrary<Stat> stats = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers(),
                Arbitraries.integers()).as((a, b, c, d) -> new Stat(a, b, a ^ b, b - a, c, d, c ^ d, a + 1, c, d, b));
        Arbitrary<String> names = Generators.strings();
        Arbitrary<byte[]> data = Generators.data();
        return Arbitraries.oneOf(
                Combinators.combine(data, stats).as((d, s) -> new Sample(OpCode.GET_DATA, new Response.Data(d, s))),
                Combinators.combine(Generators.stringLists(), stats).as((c, s) ->
                        new Sample(OpCode.GET_CHILDREN2, new Response.Children(c, s))),
                Generators.stringLists().map(c -> new Sample(OpCode.GET_CHILDREN, new Response.Children(c, null))),
                Combinators.combine(names, stats).as((p, s) -> new Sample(OpCode.CREATE2, new Response.Created(p, s))),
                names.map(p -> new Sample(OpCode.CREATE, new Response.Created(p, null))),
                stats.map(s -> new Sample(OpCode.EXISTS, new Response.StatOnly(s))),
                Combinators.combine(Generators.acls(), stats).as((a, s) ->
                        new Sample(OpCode.GET_ACL, new Response.AclList(a, s))),
                names.map(p -> new Sample(OpCode.SYNC, new Response.SyncPath(p))),
                stats.map(s -> new Sample(OpCode.MULTI, new Response.MultiResult(List.of(
                        new Response.OpResult(OpCode.SET_DATA, 0, new Response.StatOnly(s)),
                        new Response.OpResult(OpCode.DELETE, 0, null))))));
    }

    private static byte[] encode(int xid, Sample sample) {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeReply(w, xid, 77, 0, sample.opcode(), sample.body());
        return w.toByteArray();
    }

    @Property(tries = 1000)
    void repliesRoundTrip(@ForAll("samples") Sample sample, @ForAll int xid) throws Exception {
        byte[] frame = encode(xid, sample);
        ClientCodec.Reply reply = ClientCodec.decodeReply(ByteBuffer.wrap(frame, 4, frame.length - 4).slice(),
                sample.opcode(), ClientCodec.DEFAULT_MAX_BUFFER);
        assertThat(reply.xid()).isEqualTo(xid);
        assertThat(reply.body()).usingRecursiveComparison().isEqualTo(sample.body());
    }

    @Property(tries = 1000)
    void damagedRepliesAreMalformedOrDecode(@ForAll("samples") Sample sample, @ForAll int position,
                                            @ForAll int value) {
        byte[] frame = encode(1, sample);
        ByteBuffer body = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
        int at = Math.floorMod(position, Math.max(1, body.limit() - 3));
        if (body.limit() >= 4) {
            body.putInt(at, value);
        }
        assertOnlyMalformed(body, sample.opcode());
        for (int cut = 0; cut < body.limit(); cut += 7) {
            assertOnlyMalformed(ByteBuffer.wrap(frame, 4, cut).slice(), sample.opcode());
        }
    }

    @Property(tries = 2000)
    void randomBytesAreMalformedOrDecode(@ForAll byte[] bytes, @ForAll("opcodes") int opcode) {
        assertOnlyMalformed(ByteBuffer.wrap(bytes), opcode);
        try {
            ClientCodec.decodeNotification(ByteBuffer.wrap(bytes), MAX_BUFFER);
            ClientCodec.decodeConnectResponse(ByteBuffer.wrap(bytes), MAX_BUFFER);
        } catch (MalformedFrameException e) {
            assertThat(e.getMessage()).isNotEmpty();
        }
    }

    @Provide Arbitrary<Integer> opcodes() {
        return Arbitraries.of(OpCode.CREATE, OpCode.CREATE2, OpCode.GET_DATA, OpCode.GET_CHILDREN,
                OpCode.GET_CHILDREN2, OpCode.GET_ACL, OpCode.MULTI, OpCode.MULTI_READ, OpCode.WHO_AM_I,
                OpCode.GET_EPHEMERALS, OpCode.SYNC, OpCode.EXISTS, 55);
    }

    private static void assertOnlyMalformed(ByteBuffer frame, int opcode) {
        try {
            ClientCodec.decodeReply(frame, opcode, MAX_BUFFER);
        } catch (MalformedFrameException e) {
            assertThat(e.getMessage()).isNotEmpty();
        }
    }
}
