package io.paddock.wire.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.consensus.PeerMessage;
import io.paddock.model.Acl;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.wire.jute.JuteWriter;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of one frame of each type and one message of each type, so that the format
 * cannot change silently: a change here breaks mixed-version ensembles and must come with a new
 * frame version. Each golden value was checked by hand against the grammar in
 * {@link PeerFrames} and {@link PeerCodec} (the Heartbeat is spelt out below).
 */
class PeerFramesGoldenTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Map<String, Consumer<JuteWriter>> frames() {
        Map<String, Consumer<JuteWriter>> frames = new LinkedHashMap<>();
        frames.put("hello", w -> PeerFrames.appendHello(w, 1, 2));
        frames.put("snapshotBegin", w -> PeerFrames.appendSnapshotBegin(w, 1, 2, 3, 0x300000007L, 1000));
        frames.put("snapshotChunk", w -> PeerFrames.appendSnapshotChunk(w, new byte[] {1, 2, 3}, 0, 3));
        frames.put("snapshotEnd", w -> PeerFrames.appendSnapshotEnd(w, 0xCAFEBABE));
        for (PeerMessage message : messages()) {
            String name = message.getClass().getSimpleName()
                    + (message instanceof PeerMessage.ForwardWrite f && f.request() == null ? "Filler" : "");
            frames.put(name, w -> PeerFrames.appendMessage(w, message));
        }
        return frames;
    }

    private static List<PeerMessage> messages() {
        TxnEntry entry = new TxnEntry(0x300000001L, 0x55L, 7, 1000, new Txn.Create("/a", new byte[] {9},
                Acl.OPEN_ACL_UNSAFE, 0));
        Request create = new Request.Create(OpCode.CREATE, "/b", null, List.of(new Acl(Perms.READ, Id.ANYONE)), 0, -1);
        return List.of(
                new PeerMessage.VoteRequest(1, 2, 3, 0x200000005L, true),
                new PeerMessage.VoteReply(2, 1, 3, true, false),
                new PeerMessage.Append(1, 2, 3, 0x300000000L, List.of(entry), 0x300000000L),
                new PeerMessage.AppendReply(2, 1, 3, false, 0x300000001L, 0x300000000L, 0x200000009L),
                new PeerMessage.Heartbeat(1, 2, 3, 0x300000001L, 42),
                new PeerMessage.HeartbeatReply(2, 1, 3, 42),
                new PeerMessage.Commit(1, 2, 3, 0x300000001L, 0x300000002L),
                new PeerMessage.ReadIndexRequest(2, 1, 3, 17),
                new PeerMessage.ReadIndexReply(1, 2, 3, 17, 0x300000001L),
                new PeerMessage.ForwardWrite(2, 1, 3, 0x77L, 4, 0x55L, 8, new Request.Multi(List.of(create,
                        new Request.Delete("/c", -1))), List.of(new Id("ip", "127.0.0.1"))),
                new PeerMessage.ForwardRejected(1, 2, 3, 0x55L, 8, -2),
                new PeerMessage.SessionPing(2, 1, 3, new long[] {0x55L, 0x56L}),
                new PeerMessage.ForwardWrite(2, 1, 3, 0x77L, 5, 0, 0, null, List.of()),
                new PeerMessage.ForwardGap(1, 2, 3, 0x77L, 4));
    }

    /**
     * Read the Heartbeat as an example: length 0x27 (39 = 6 + a 33-byte payload), version 01, crc
     * 7aed0fd6 (crc32c of 01, 02 and the payload), type 02 MESSAGE, then the payload: tag 05,
     * from 00000001, to 00000002, epoch 0000000000000003, commitZxid 0000000300000001, seq
     * 000000000000002a.
     */
    private static final Map<String, String> GOLDEN = Map.ofEntries(
            Map.entry("hello",
                    "00000012017799233501000000010000000200000002"),
            Map.entry("snapshotBegin",
                    "0000002601c902a9100300000001000000020000000000000003000000030000000700000000000003e8"),
            Map.entry("snapshotChunk",
                    "00000009019715790e04010203"),
            Map.entry("snapshotEnd",
                    "0000000a01fb9e7f2405cafebabe"),
            Map.entry("VoteRequest",
                    "0000002001aa112785020100000001000000020000000000000003000000020000000501"),
            Map.entry("VoteReply",
                    "00000019017bad48fe0202000000020000000100000000000000030100"),
            Map.entry("Append",
                    "0000007b0125f447290203000000010000000200000000000000030000000300000000000000010000004c0100000003"
                    + "0000000100000000000000550000000700000000000003e801000000022f610000000109000000010000001f00000005"
                    + "776f726c6400000006616e796f6e6500000000000000000000000300000000"),
            Map.entry("AppendReply",
                    "0000003001764ee830020400000002000000010000000000000003000000000300000001000000030000000000000002"
                    + "00000009"),
            Map.entry("Heartbeat",
                    "00000027017aed0fd60205000000010000000200000000000000030000000300000001000000000000002a"),
            Map.entry("HeartbeatReply",
                    "0000001f01107d70cd020600000002000000010000000000000003000000000000002a"),
            Map.entry("Commit",
                    "00000027012cc83f6d02070000000100000002000000000000000300000003000000010000000300000002"),
            Map.entry("ReadIndexRequest",
                    "0000001f0129e701100208000000020000000100000000000000030000000000000011"),
            Map.entry("ReadIndexReply",
                    "0000002701188e2f6002090000000100000002000000000000000300000000000000110000000300000001"),
            Map.entry("ForwardWrite",
                    "0000009101dcbebaa2020a00000002000000010000000000000003000000000000007700000000000000040000000000"
                    + "000055000000080107000000020100000001000000022f62ffffffff000000010000000100000005776f726c64000000"
                    + "06616e796f6e6500000000ffffffffffffffff02000000022f63ffffffff00000001000000026970000000093132372e"
                    + "302e302e31"),
            Map.entry("ForwardRejected",
                    "0000002701993d8ddd020b00000001000000020000000000000003000000000000005500000008fffffffe"),
            Map.entry("ForwardWriteFiller",
                    "0000003801530a8299020a00000002000000010000000000000003000000000000007700000000000000050000000000"
                    + "000000000000000000000000"),
            Map.entry("ForwardGap",
                    "000000270100cf57a4020d0000000100000002000000000000000300000000000000770000000000000004"),
            Map.entry("SessionPing",
                    "0000002b01a79f5119020c000000020000000100000000000000030000000200000000000000550000000000000056"));

    @Test
    void everyFrameTypeAndMessageTypeHasItsGoldenBytes() throws Exception {
        Map<String, Consumer<JuteWriter>> frames = frames();
        assertThat(frames.keySet()).containsExactlyInAnyOrderElementsOf(GOLDEN.keySet());
        StringBuilder actual = new StringBuilder();
        for (Map.Entry<String, Consumer<JuteWriter>> frame : frames.entrySet()) {
            JuteWriter w = new JuteWriter(16);
            frame.getValue().accept(w);
            String hex = HEX.formatHex(w.toByteArray());
            actual.append("Map.entry(\"").append(frame.getKey()).append("\", \"").append(hex).append("\"),\n");
            // The golden bytes are a frame the decoder accepts, not just bytes that happen to match.
            PeerFrames.decode(ByteBuffer.wrap(HEX.parseHex(hex)));
        }
        for (Map.Entry<String, Consumer<JuteWriter>> frame : frames.entrySet()) {
            JuteWriter w = new JuteWriter(16);
            frame.getValue().accept(w);
            assertThat(HEX.formatHex(w.toByteArray())).as("%s (all: %n%s)", frame.getKey(), actual)
                    .isEqualTo(GOLDEN.get(frame.getKey()));
        }
    }
}
