package io.paddock.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Acl;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadsTest {
    static final long S1 = 0x11;
    static final List<Id> LOCAL = List.of(new Id("ip", "127.0.0.1"));
    static final List<Id> ALICE = List.of(new Id("ip", "127.0.0.1"), new Id("digest", "alice:hashA"));
    static final List<Acl> ALICE_READ_ONLY_OTHERS = List.of(
            new Acl(Perms.ALL, new Id("digest", "alice:hashA")),
            new Acl(Perms.READ, new Id("ip", "10.0.0.0/8")));

    private DataTree tree;
    private long zxid;

    private void apply(Txn txn) {
        tree = tree.apply(new TxnEntry(++zxid, S1, 0, 1000, txn)).tree();
    }

    @BeforeEach
    void setUp() {
        tree = DataTree.empty();
        apply(new Txn.CreateSession(S1, 30000, new byte[16]));
        apply(new Txn.Create("/open", new byte[] {1}, Acl.OPEN_ACL_UNSAFE, 0));
        apply(new Txn.Create("/open/b", null, Acl.OPEN_ACL_UNSAFE, 0));
        apply(new Txn.Create("/open/a", null, Acl.OPEN_ACL_UNSAFE, 0));
        apply(new Txn.Create("/open/c", null, Acl.OPEN_ACL_UNSAFE, S1));
        apply(new Txn.Create("/open/a/x", null, Acl.OPEN_ACL_UNSAFE, S1));
        apply(new Txn.Create("/secret", new byte[] {2}, ALICE_READ_ONLY_OTHERS, 0));
    }

    private Reads.Reply read(List<Id> ids, Request req) {
        return Reads.read(tree, S1, ids, req);
    }

    @Test
    void existsChecksNulThenReadOnlyIfPresent() {
        assertThat(read(LOCAL, new Request.Exists("/open\u0000", false)).err()).isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(read(LOCAL, new Request.Exists("/missing", true))).isEqualTo(new Reads.Reply(ErrorCode.NONODE, null));
        assertThat(read(LOCAL, new Request.Exists("/secret", false)).err()).isEqualTo(ErrorCode.NOAUTH);
        Reads.Reply ok = read(LOCAL, new Request.Exists("/open", false));
        assertThat(ok).isEqualTo(new Reads.Reply(0, new Response.StatOnly(tree.node("/open").stat())));
    }

    @Test
    void getDataChecksExistenceBeforeAcl() {
        assertThat(read(LOCAL, new Request.GetData("/missing", false)).err()).isEqualTo(ErrorCode.NONODE);
        assertThat(read(LOCAL, new Request.GetData("/secret", false)).err()).isEqualTo(ErrorCode.NOAUTH);
        Reads.Reply ok = read(ALICE, new Request.GetData("/secret", false));
        assertThat(((Response.Data) ok.response()).data()).containsExactly(2);
        assertThat(read(List.of(new Id("ip", "10.9.8.7")), new Request.GetData("/secret", false)).err()).isZero();
    }

    @Test
    void getChildrenIsSortedWithStatOnlyForOpcode12() {
        Reads.Reply plain = read(LOCAL, new Request.GetChildren(OpCode.GET_CHILDREN, "/open", true));
        assertThat(plain.response()).isEqualTo(new Response.Children(List.of("a", "b", "c"), null));
        Reads.Reply two = read(LOCAL, new Request.GetChildren(OpCode.GET_CHILDREN2, "/open", false));
        assertThat(((Response.Children) two.response()).stat()).isEqualTo(tree.node("/open").stat());
        assertThat(read(LOCAL, new Request.GetChildren(8, "/nope", false)).err()).isEqualTo(ErrorCode.NONODE);
        assertThat(read(LOCAL, new Request.GetChildren(8, "/secret", false)).err()).isEqualTo(ErrorCode.NOAUTH);
    }

    @Test
    void getAclRedactsDigestsWithoutAdmin() {
        Reads.Reply reader = read(List.of(new Id("ip", "10.1.1.1")), new Request.GetAcl("/secret"));
        assertThat(((Response.AclList) reader.response()).acl()).containsExactly(
                new Acl(Perms.ALL, new Id("digest", "alice:x")), new Acl(Perms.READ, new Id("ip", "10.0.0.0/8")));
        Reads.Reply admin = read(ALICE, new Request.GetAcl("/secret"));
        assertThat(((Response.AclList) admin.response()).acl()).isEqualTo(ALICE_READ_ONLY_OTHERS);
        assertThat(((Response.AclList) admin.response()).stat()).isEqualTo(tree.node("/secret").stat());
        assertThat(read(LOCAL, new Request.GetAcl("/secret")).err()).isEqualTo(ErrorCode.NOAUTH);
        assertThat(read(LOCAL, new Request.GetAcl("/gone")).err()).isEqualTo(ErrorCode.NONODE);
    }

    @Test
    void getAclAllowsAdminWithoutRead() {
        apply(new Txn.Create("/adm", null, List.of(new Acl(Perms.ADMIN, new Id("ip", "127.0.0.1"))), 0));
        assertThat(read(LOCAL, new Request.GetAcl("/adm")).err()).isZero();
        assertThat(read(LOCAL, new Request.GetData("/adm", false)).err()).isEqualTo(ErrorCode.NOAUTH);
    }

    @Test
    void allChildrenNumberAndEphemerals() {
        assertThat(read(LOCAL, new Request.GetAllChildrenNumber("/open")).response()).isEqualTo(new Response.Count(4));
        assertThat(read(LOCAL, new Request.GetAllChildrenNumber("/")).response()).isEqualTo(new Response.Count(9));
        assertThat(read(LOCAL, new Request.GetAllChildrenNumber("/secret/x")).err()).isEqualTo(ErrorCode.NONODE);
        assertThat(read(LOCAL, new Request.GetAllChildrenNumber("/secret")).err()).isEqualTo(ErrorCode.NOAUTH);
        assertThat(read(LOCAL, new Request.GetEphemerals("/")).response())
                .isEqualTo(new Response.Paths(List.of("/open/a/x", "/open/c")));
        assertThat(read(LOCAL, new Request.GetEphemerals(null)).response())
                .isEqualTo(new Response.Paths(List.of("/open/a/x", "/open/c")));
        assertThat(read(LOCAL, new Request.GetEphemerals("/open/a")).response())
                .isEqualTo(new Response.Paths(List.of("/open/a/x")));
        assertThat(Reads.read(tree, 0x99, LOCAL, new Request.GetEphemerals("")).response())
                .isEqualTo(new Response.Paths(List.of()));
    }

    @Test
    void multiReadAnswersEachOpIndependently() {
        Reads.Reply reply = read(LOCAL, new Request.MultiRead(List.of(new Request.GetData("/open", false),
                new Request.GetData("/secret", false), new Request.GetChildren(8, "/open/a", false),
                new Request.GetChildren(8, "/none", false))));
        assertThat(reply.err()).isZero();
        List<Response.OpResult> results = ((Response.MultiResult) reply.response()).results();
        assertThat(results.get(0).type()).isEqualTo(4);
        assertThat(((Response.Data) results.get(0).body()).data()).containsExactly(1);
        assertThat(results.get(1)).isEqualTo(new Response.OpResult(-1, ErrorCode.NOAUTH,
                new Response.ErrorBody(ErrorCode.NOAUTH)));
        assertThat(results.get(2)).isEqualTo(new Response.OpResult(8, 0, new Response.Children(List.of("x"), null)));
        assertThat(results.get(3)).isEqualTo(new Response.OpResult(-1, ErrorCode.NONODE,
                new Response.ErrorBody(ErrorCode.NONODE)));
    }

    @Test
    void syncEchoesThePathWithoutChecks() {
        assertThat(read(LOCAL, new Request.Sync("/whatever"))).isEqualTo(
                new Reads.Reply(0, new Response.SyncPath("/whatever")));
    }
}
