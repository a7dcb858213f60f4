package io.paddock.wire.jute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.ConnectRequest;
import io.paddock.model.ConnectResponse;
import io.paddock.model.ErrorCode;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact replies computed by hand from zk-protocol.md, and decoder edge cases. */
class ClientCodecGoldenTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Stat STAT = new Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    private static final String STAT_HEX = "0000000000000001" + "0000000000000002" + "0000000000000003"
            + "0000000000000004" + "00000005" + "00000006" + "00000007" + "0000000000000008" + "00000009"
            + "0000000a" + "000000000000000b";

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static byte[] reply(int xid, long zxid, int err, int opcode, Response body) {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeReply(w, xid, zxid, err, opcode, body);
        return w.toByteArray();
    }

    @Test
    void connectResponseIs37BytesPlusLength() {
        byte[] passwd = new byte[16];
        passwd[15] = 0x7f;
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeConnectResponse(w, new ConnectResponse(0, 30000, 0x1234L, passwd, false), true);
        assertThat(w.toByteArray()).isEqualTo(hex("00000025 00000000 00007530 0000000000001234 00000010"
                + "0000000000000000000000000000007f 00"));
        w.reset();
        ClientCodec.encodeConnectResponse(w, new ConnectResponse(0, 30000, 0x1234L, passwd, true), false);
        assertThat(w.size()).isEqualTo(4 + 36);
        assertThat(ByteBuffer.wrap(w.array()).getInt()).isEqualTo(36);
    }

    @Test
    void pingReplyIsHeaderOnly() {
        assertThat(reply(-2, 0x5aL, 0, OpCode.PING, Response.Empty.INSTANCE))
                .isEqualTo(hex("00000010 fffffffe 000000000000005a 00000000"));
    }

    @Test
    void errorRepliesDropTheBody() {
        assertThat(reply(7, 9, ErrorCode.NONODE, OpCode.EXISTS, new Response.StatOnly(STAT)))
                .isEqualTo(hex("00000010 00000007 0000000000000009 ffffff9b"));
    }

    @Test
    void createSendsPathOnlyAndCreate2AddsStat() {
        assertThat(reply(1, 2, 0, OpCode.CREATE, new Response.Created("/a", STAT)))
                .isEqualTo(hex("00000016 00000001 0000000000000002 00000000 00000002 2f61"));
        assertThat(reply(1, 2, 0, OpCode.CREATE_TTL, new Response.Created("/a", STAT)))
                .isEqualTo(hex("0000005a 00000001 0000000000000002 00000000 00000002 2f61" + STAT_HEX));
    }

    @Test
    void getChildrenAddsStatOnlyForGetChildren2() {
        Response.Children body = new Response.Children(List.of("x", "é"), STAT);
        assertThat(reply(3, 4, 0, OpCode.GET_CHILDREN, body))
                .isEqualTo(hex("0000001f 00000003 0000000000000004 00000000 00000002 00000001 78 00000002 c3a9"));
        assertThat(reply(3, 4, 0, OpCode.GET_CHILDREN2, body)).hasSize(4 + 0x1f + 68);
    }

    @Test
    void getDataWithNullDataWritesMinusOne() {
        assertThat(reply(5, 6, 0, OpCode.GET_DATA, new Response.Data(null, STAT)))
                .isEqualTo(hex("00000058 00000005 0000000000000006 00000000 ffffffff" + STAT_HEX));
    }

    @Test
    void addWatchRepliesWithAnErrorBodyOfZero() {
        assertThat(reply(9, 1, 0, OpCode.ADD_WATCH, new Response.ErrorBody(0)))
                .isEqualTo(hex("00000014 00000009 0000000000000001 00000000 00000000"));
    }

    @Test
    void failedMultiHasErrZeroAndOneErrorResultPerOp() {
        Response.MultiResult body = new Response.MultiResult(List.of(
                new Response.OpResult(-1, 0, null), new Response.OpResult(-1, ErrorCode.NONODE, null)));
        assertThat(reply(4, 8, 0, OpCode.MULTI, body)).isEqualTo(hex("00000033 00000004 0000000000000008 00000000"
                + "ffffffff 00 00000000 00000000" + "ffffffff 00 ffffff9b ffffff9b" + "ffffffff 01 ffffffff"));
    }

    @Test
    void multiSuccessBodiesFollowTheResultType() {
        Response.MultiResult body = new Response.MultiResult(List.of(
                new Response.OpResult(OpCode.CREATE, 0, new Response.Created("/a", STAT)),
                new Response.OpResult(OpCode.DELETE, 0, null),
                new Response.OpResult(OpCode.SET_DATA, 0, new Response.StatOnly(STAT))));
        assertThat(reply(4, 8, 0, OpCode.MULTI, body)).isEqualTo(hex("0000007e 00000004 0000000000000008 00000000"
                + "00000001 00 00000000 00000002 2f61" + "00000002 00 00000000" + "00000005 00 00000000" + STAT_HEX
                + "ffffffff 01 ffffffff"));
    }

    @Test
    void notificationIsReplyHeaderPlusWatcherEvent() {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeNotification(w, 0x10L, 3, "/a");
        assertThat(w.toByteArray()).isEqualTo(hex("0000001e ffffffff 0000000000000010 00000000 00000003 00000003"
                + "00000002 2f61"));
    }

    @Test
    void framesAppendBackToBack() {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeReply(w, -2, 1, 0, OpCode.PING, null);
        ClientCodec.encodeReply(w, 5, 1, ErrorCode.NONODE, OpCode.GET_DATA, null);
        assertThat(w.size()).isEqualTo(40);
        ByteBuffer b = w.asByteBuffer();
        assertThat(b.getInt(0)).isEqualTo(16);
        assertThat(b.getInt(20)).isEqualTo(16);
        assertThat(b.getInt(24)).isEqualTo(5);
    }

    @Test
    void javaClientConnectRequestDecodesWithAndWithoutReadOnly() throws Exception {
        String common = "00000000 0000000000000000 00007530 0000000000000000 00000010 00000000000000000000000000000000";
        ConnectRequest withRo = ClientCodec.decodeConnect(ByteBuffer.wrap(hex(common + "01")));
        assertThat(withRo.timeoutMs()).isEqualTo(30000);
        assertThat(withRo.passwd()).hasSize(16);
        assertThat(withRo.readOnly()).isTrue();
        assertThat(withRo.readOnlyPresent()).isTrue();
        ConnectRequest old = ClientCodec.decodeConnect(ByteBuffer.wrap(hex(common)));
        assertThat(old.readOnly()).isFalse();
        assertThat(old.readOnlyPresent()).isFalse();
        assertThatThrownBy(() -> ClientCodec.decodeConnect(ByteBuffer.wrap(hex("00000000 00000000"))))
                .isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void unservedOpcodesDecodeAsUnknown() throws Exception {
        for (int op : new int[] {0, OpCode.CHECK, 10, OpCode.DELETE_CONTAINER, 23, 99, -10, -1}) {
            ByteBuffer frame = ByteBuffer.allocate(12).putInt(1).putInt(op).putInt(0).flip();
            ClientCodec.Decoded d = ClientCodec.decodeRequest(frame, ClientCodec.DEFAULT_MAX_BUFFER);
            assertThat(d.request()).isEqualTo(new Request.Unknown(op));
            assertThat(d.opcode()).isEqualTo(op);
        }
    }

    @Test
    void decodingDoesNotMoveTheCallersPosition() throws Exception {
        ByteBuffer frame = ByteBuffer.wrap(hex("00000001 0000000b"));
        assertThat(ClientCodec.decodeRequest(frame, 100).request()).isInstanceOf(Request.Ping.class);
        assertThat(frame.position()).isZero();
    }

    @Test
    void trailingBytesAreIgnored() throws Exception {
        ByteBuffer frame = ByteBuffer.wrap(hex("00000002 00000009 00000001 2f deadbeef"));
        assertThat(ClientCodec.decodeRequest(frame, 100).request()).isEqualTo(new Request.Sync("/"));
    }

    @Test
    void wrongSubOpsInMultiAreMarshallingErrorsWithTheXid() {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeRequest(w, 42, new Request.MultiRead(List.of(new Request.Delete("/a", 1))));
        assertMalformedWithHeader(w, 42, OpCode.MULTI_READ);
        w.reset();
        ClientCodec.encodeRequest(w, 43, new Request.Multi(List.of(new Request.GetData("/a", false))));
        assertMalformedWithHeader(w, 43, OpCode.MULTI);
    }

    @Test
    void outOfRangeWatcherTypeAndAddWatchModeAreMarshallingErrors() {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeRequest(w, 5, new Request.RemoveWatches(OpCode.REMOVE_WATCHES, "/a", 6));
        assertMalformedWithHeader(w, 5, OpCode.REMOVE_WATCHES);
        w.reset();
        ClientCodec.encodeRequest(w, 6, new Request.AddWatch("/a", 2));
        assertMalformedWithHeader(w, 6, OpCode.ADD_WATCH);
    }

    @Test
    void nullReadPathIsMalformedButNullWritePathIsKept() throws Exception {
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeRequest(w, 5, new Request.GetData(null, false));
        assertMalformedWithHeader(w, 5, OpCode.GET_DATA);
        w.reset();
        ClientCodec.encodeRequest(w, 6, new Request.Delete(null, 0));
        ClientCodec.Decoded d = ClientCodec.decodeRequest(ByteBuffer.wrap(w.array(), 4, w.size() - 4), 100);
        assertThat(d.request()).isEqualTo(new Request.Delete(null, 0));
    }

    @Test
    void lengthsBeyondMaxBufferOrFrameAreRejected() {
        // getData with a path length of 200 in a 100-byte maxBuffer, then a length longer than the frame.
        for (String body : new String[] {"000000c8 2f", "00000010 2f", "fffffffe 2f"}) {
            ByteBuffer frame = ByteBuffer.wrap(hex("00000001 00000004 " + body));
            assertThatThrownBy(() -> ClientCodec.decodeRequest(frame, 100))
                    .isInstanceOf(MalformedFrameException.class)
                    .matches(e -> ((MalformedFrameException) e).headerRead());
        }
    }

    @Test
    void shortFramesHaveNoHeader() {
        assertThatThrownBy(() -> ClientCodec.decodeRequest(ByteBuffer.wrap(hex("000000")), 100))
                .isInstanceOf(MalformedFrameException.class)
                .matches(e -> !((MalformedFrameException) e).headerRead());
    }

    private static void assertMalformedWithHeader(JuteWriter w, int xid, int opcode) {
        ByteBuffer frame = ByteBuffer.wrap(w.array(), 4, w.size() - 4);
        assertThatThrownBy(() -> ClientCodec.decodeRequest(frame, ClientCodec.DEFAULT_MAX_BUFFER))
                .isInstanceOfSatisfying(MalformedFrameException.class, e -> {
                    assertThat(e.headerRead()).isTrue();
                    assertThat(e.xid()).isEqualTo(xid);
                    assertThat(e.opcode()).isEqualTo(opcode);
                });
    }
}
