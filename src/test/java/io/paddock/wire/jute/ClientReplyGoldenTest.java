package io.paddock.wire.jute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.ErrorCode;
import io.paddock.model.EventType;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.ErrorResponse;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetACLResponse;
import org.apache.zookeeper.proto.GetAllChildrenNumberResponse;
import org.apache.zookeeper.proto.GetChildren2Response;
import org.apache.zookeeper.proto.GetChildrenResponse;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.GetEphemeralsResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.SetDataResponse;
import org.apache.zookeeper.proto.SyncResponse;
import org.apache.zookeeper.proto.WatcherEvent;
import org.apache.zookeeper.proto.WhoAmIResponse;
import org.junit.jupiter.api.Test;

/**
 * The client-side decoders against the official ZooKeeper 3.9.5 jute classes: every frame is
 * serialised by {@code org.apache.zookeeper.proto.*} (what a ZooKeeper server sends) and decoded
 * by {@link ClientCodec}.
 */
class ClientReplyGoldenTest {
    private static final int MAX = ClientCodec.DEFAULT_MAX_BUFFER;
    private static final org.apache.zookeeper.data.Stat ZK_STAT =
            new org.apache.zookeeper.data.Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    private static final Stat STAT = new Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

    /** A reply frame (without its length) as ZooKeeper's server serialises it. */
    private static ByteBuffer zkReply(int xid, long zxid, int err, Record body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutputArchive archive = BinaryOutputArchive.getArchive(bytes);
        new ReplyHeader(xid, zxid, err).serialize(archive, "header");
        if (body != null) {
            body.serialize(archive, "response");
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    private static Response decode(Record body, int opcode) throws Exception {
        ClientCodec.Reply reply = ClientCodec.decodeReply(zkReply(7, 0x100000005L, 0, body), opcode, MAX);
        assertThat(reply.xid()).isEqualTo(7);
        assertThat(reply.zxid()).isEqualTo(0x100000005L);
        assertThat(reply.err()).isZero();
        return reply.body();
    }

    @Test
    void connectResponseWithAndWithoutReadOnly() throws Exception {
        byte[] passwd = new byte[16];
        passwd[0] = 9;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ConnectResponse(0, 12000, 0x1234_5678_9abcL, passwd, true)
                .serialize(BinaryOutputArchive.getArchive(bytes), "connect");
        byte[] frame = bytes.toByteArray();
        io.paddock.model.ConnectResponse r = ClientCodec.decodeConnectResponse(ByteBuffer.wrap(frame), MAX);
        assertThat(r.timeoutMs()).isEqualTo(12000);
        assertThat(r.sessionId()).isEqualTo(0x1234_5678_9abcL);
        assertThat(r.passwd()).isEqualTo(passwd);
        assertThat(r.readOnly()).isTrue();
        // A server answering a client that sent no readOnly byte leaves it out as well.
        io.paddock.model.ConnectResponse old = ClientCodec.decodeConnectResponse(
                ByteBuffer.wrap(Arrays.copyOf(frame, frame.length - 1)), MAX);
        assertThat(old.readOnly()).isFalse();
        assertThat(old.passwd()).isEqualTo(passwd);
    }

    @Test
    void dataChildrenAndStatBodies() throws Exception {
        assertThat(decode(new GetDataResponse("hé".getBytes(StandardCharsets.UTF_8), ZK_STAT), OpCode.GET_DATA))
                .usingRecursiveComparison().isEqualTo(new Response.Data("hé".getBytes(StandardCharsets.UTF_8), STAT));
        assertThat(((Response.Data) decode(new GetDataResponse(null, ZK_STAT), OpCode.GET_DATA)).data()).isNull();
        assertThat(decode(new GetChildrenResponse(List.of("b", "a")), OpCode.GET_CHILDREN))
                .isEqualTo(new Response.Children(List.of("b", "a"), null));
        assertThat(decode(new GetChildren2Response(List.of("x"), ZK_STAT), OpCode.GET_CHILDREN2))
                .isEqualTo(new Response.Children(List.of("x"), STAT));
        assertThat(decode(new ExistsResponse(ZK_STAT), OpCode.EXISTS)).isEqualTo(new Response.StatOnly(STAT));
        assertThat(decode(new SetDataResponse(ZK_STAT), OpCode.SET_DATA)).isEqualTo(new Response.StatOnly(STAT));
    }

    @Test
    void createBodiesFollowTheOpcode() throws Exception {
        assertThat(decode(new CreateResponse("/a0000000001"), OpCode.CREATE))
                .isEqualTo(new Response.Created("/a0000000001", null));
        for (int op : new int[] {OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL}) {
            assertThat(decode(new Create2Response("/c", ZK_STAT), op)).isEqualTo(new Response.Created("/c", STAT));
        }
    }

    @Test
    void aclSyncCountPathsAndWhoAmIBodies() throws Exception {
        List<org.apache.zookeeper.data.ACL> zkAcl = List.of(
                new org.apache.zookeeper.data.ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                new org.apache.zookeeper.data.ACL(ZooDefs.Perms.READ,
                        new org.apache.zookeeper.data.Id("digest", "u:hash=")));
        assertThat(decode(new GetACLResponse(zkAcl, ZK_STAT), OpCode.GET_ACL)).isEqualTo(new Response.AclList(
                List.of(new Acl(31, Id.ANYONE), new Acl(1, new Id("digest", "u:hash="))), STAT));
        assertThat(decode(new SyncResponse("/s"), OpCode.SYNC)).isEqualTo(new Response.SyncPath("/s"));
        assertThat(decode(new GetAllChildrenNumberResponse(42), OpCode.GET_ALL_CHILDREN_NUMBER))
                .isEqualTo(new Response.Count(42));
        assertThat(decode(new GetEphemeralsResponse(List.of("/e1", "/e2")), OpCode.GET_EPHEMERALS))
                .isEqualTo(new Response.Paths(List.of("/e1", "/e2")));
        assertThat(decode(new WhoAmIResponse(List.of(new ClientInfo("ip", "127.0.0.1"))), OpCode.WHO_AM_I))
                .isEqualTo(new Response.WhoAmI(List.of(new Response.ClientInfo("ip", "127.0.0.1"))));
        assertThat(decode(new ErrorResponse(0), OpCode.ADD_WATCH)).isEqualTo(new Response.ErrorBody(0));
    }

    @Test
    void headerOnlyReplies() throws Exception {
        for (int op : new int[] {OpCode.DELETE, OpCode.PING, OpCode.CLOSE_SESSION, OpCode.SET_WATCHES2,
            OpCode.REMOVE_WATCHES, OpCode.AUTH}) {
            assertThat(decode(null, op)).isEqualTo(Response.Empty.INSTANCE);
        }
        ClientCodec.Reply error = ClientCodec.decodeReply(zkReply(3, 9, ErrorCode.NONODE, null), OpCode.GET_DATA, MAX);
        assertThat(error).isEqualTo(new ClientCodec.Reply(3, 9, ErrorCode.NONODE, null));
        assertThat(ClientCodec.replyXid(zkReply(-2, 9, 0, null))).isEqualTo(-2);
    }

    @Test
    void multiResultsOfEveryKind() throws Exception {
        MultiResponse multi = new MultiResponse();
        multi.add(new OpResult.CreateResult("/a"));
        multi.add(new OpResult.CreateResult("/b", ZK_STAT));
        multi.add(new OpResult.DeleteResult());
        multi.add(new OpResult.SetDataResult(ZK_STAT));
        multi.add(new OpResult.CheckResult());
        multi.add(new OpResult.ErrorResult(ErrorCode.BADVERSION));
        Response.MultiResult result = (Response.MultiResult) decode(multi, OpCode.MULTI);
        assertThat(result.results()).containsExactly(
                new Response.OpResult(OpCode.CREATE, 0, new Response.Created("/a", null)),
                new Response.OpResult(OpCode.CREATE2, 0, new Response.Created("/b", STAT)),
                new Response.OpResult(OpCode.DELETE, 0, null),
                new Response.OpResult(OpCode.SET_DATA, 0, new Response.StatOnly(STAT)),
                new Response.OpResult(OpCode.CHECK, 0, null),
                new Response.OpResult(OpCode.ERROR, ErrorCode.BADVERSION, null));
        MultiResponse reads = new MultiResponse();
        reads.add(new OpResult.GetDataResult("d".getBytes(StandardCharsets.UTF_8), ZK_STAT));
        reads.add(new OpResult.GetChildrenResult(List.of("k")));
        Response.MultiResult readResult = (Response.MultiResult) decode(reads, OpCode.MULTI_READ);
        assertThat(readResult.results().get(1)).isEqualTo(
                new Response.OpResult(OpCode.GET_CHILDREN, 0, new Response.Children(List.of("k"), null)));
        assertThat(((Response.Data) readResult.results().get(0).body()).data()).containsExactly('d');
    }

    @Test
    void notificationFromTheOfficialWatcherEvent() throws Exception {
        ByteBuffer frame = zkReply(ClientCodec.NOTIFICATION_XID, 0x20L, 0,
                new WatcherEvent(EventType.NODE_CHILDREN_CHANGED, EventType.STATE_SYNC_CONNECTED, "/parent"));
        assertThat(ClientCodec.replyXid(frame)).isEqualTo(ClientCodec.NOTIFICATION_XID);
        assertThat(ClientCodec.decodeNotification(frame, MAX)).isEqualTo(new ClientCodec.Notification(0x20L,
                EventType.NODE_CHILDREN_CHANGED, EventType.STATE_SYNC_CONNECTED, "/parent"));
        assertThat(frame.position()).isZero();
    }

    @Test
    void ourEncoderAndTheDecoderAgreeWithZooKeeperBytes() throws Exception {
        // The server's own encoding of a reply decodes to what it encoded, and equals ZooKeeper's bytes.
        JuteWriter w = new JuteWriter();
        ClientCodec.encodeReply(w, 5, 6, 0, OpCode.GET_CHILDREN2, new Response.Children(List.of("a", "b"), STAT));
        ByteBuffer ours = ByteBuffer.wrap(w.array(), 4, w.size() - 4).slice();
        ByteBuffer theirs = zkReply(5, 6, 0, new GetChildren2Response(List.of("a", "b"), ZK_STAT));
        assertThat(ours).isEqualTo(theirs);
        assertThat(ClientCodec.decodeReply(ours, OpCode.GET_CHILDREN2, MAX).body())
                .isEqualTo(new Response.Children(List.of("a", "b"), STAT));
    }

    @Test
    void truncatedOrUnknownRepliesAreMalformed() throws Exception {
        ByteBuffer full = zkReply(1, 2, 0, new GetDataResponse(new byte[10], ZK_STAT));
        for (int cut = 0; cut < full.limit(); cut++) {
            ByteBuffer part = ByteBuffer.wrap(Arrays.copyOf(full.array(), cut));
            assertThatThrownBy(() -> ClientCodec.decodeReply(part, OpCode.GET_DATA, MAX))
                    .isInstanceOf(MalformedFrameException.class);
        }
        assertThatThrownBy(() -> ClientCodec.decodeReply(zkReply(1, 2, 0, null), 77, MAX))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("opcode 77");
        MultiResponse noEnd = new MultiResponse();
        noEnd.add(new OpResult.DeleteResult());
        ByteBuffer multi = zkReply(1, 2, 0, noEnd);
        ByteBuffer withoutDone = ByteBuffer.wrap(Arrays.copyOf(multi.array(), multi.limit() - 9));
        assertThatThrownBy(() -> ClientCodec.decodeReply(withoutDone, OpCode.MULTI, MAX))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("done marker");
        assertThatThrownBy(() -> ClientCodec.decodeNotification(zkReply(3, 0, 0, new WatcherEvent(1, 3, "/a")), MAX))
                .isInstanceOf(MalformedFrameException.class);
    }
}
