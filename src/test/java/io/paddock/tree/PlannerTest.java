package io.paddock.tree;

import static io.paddock.model.ErrorCode.BADARGUMENTS;
import static io.paddock.model.ErrorCode.BADVERSION;
import static io.paddock.model.ErrorCode.INVALIDACL;
import static io.paddock.model.ErrorCode.NOAUTH;
import static io.paddock.model.ErrorCode.NOCHILDRENFOREPHEMERALS;
import static io.paddock.model.ErrorCode.NODEEXISTS;
import static io.paddock.model.ErrorCode.NONODE;
import static io.paddock.model.ErrorCode.NOTEMPTY;
import static io.paddock.model.ErrorCode.SESSIONEXPIRED;
import static io.paddock.model.ErrorCode.UNIMPLEMENTED;
import static io.paddock.model.ErrorCode.UNKNOWNSESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.Txn;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final long S = 0x1000_0000_0000_0001L;
    static final long OTHER = 0x1000_0000_0000_0002L;
    static final Id IP = new Id("ip", "127.0.0.1");
    static final Id ALICE = new Id("digest", "alice:hash=");
    static final byte[] DATA = {1, 2, 3};
    static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    static final List<Acl> READ_ONLY = Acl.READ_ACL_UNSAFE;
    static final List<Acl> NO_DELETE = List.of(new Acl(Perms.ALL & ~Perms.DELETE, Id.ANYONE));

    final FakeTree tree = FakeTree.standard().withSession(S).withSession(OTHER);
    final PendingChanges pending = new PendingChanges();
    long zxid = 100;
    long session = S;
    List<Id> auth = List.of(IP);
    boolean extended = true;

    Txn plan(Request request) {
        return Planner.plan(tree, pending, new PlanContext(session, 7, ++zxid, 5000, auth, extended), request);
    }

    int err(Request request) {
        Txn txn = plan(request);
        assertThat(txn).isInstanceOf(Txn.Error.class);
        return ((Txn.Error) txn).err();
    }

    static Request.Create create(String path) {
        return create(path, 0);
    }

    static Request.Create create(String path, int flags) {
        return new Request.Create(OpCode.CREATE, path, DATA, OPEN, flags, -1);
    }

    static Request.Create createAcl(String path, List<Acl> acl) {
        return new Request.Create(OpCode.CREATE2, path, DATA, acl, 0, -1);
    }

    static Request.Create createTtl(String path, int flags, long ttl) {
        return new Request.Create(OpCode.CREATE_TTL, path, DATA, OPEN, flags, ttl);
    }

    String created(Request request) {
        Txn txn = plan(request);
        assertThat(txn).isInstanceOf(Txn.Create.class);
        return ((Txn.Create) txn).path();
    }

    // ---- create ---------------------------------------------------------------------------

    @Test
    void createProducesTxnAndPendingNode() {
        Txn txn = plan(create("/a"));
        assertThat(txn).isEqualTo(new Txn.Create("/a", DATA, OPEN, 0));
        Znode a = pending.node(tree, "/a");
        assertThat(a.czxid()).isEqualTo(zxid);
        assertThat(a.ctime()).isEqualTo(5000);
        assertThat(pending.node(tree, "/").numChildren()).isEqualTo(2);
        assertThat(pending.node(tree, "/").cversion()).isEqualTo(1);
        assertThat(pending.node(tree, "/").pzxid()).isEqualTo(zxid);
        assertThat(tree.node("/a")).as("the tree is untouched").isNull();
    }

    @Test
    void unknownFlagsAreBadArgumentsBeforeTheSessionCheck() {
        session = 0x7777;
        assertThat(err(create("/a", 7))).isEqualTo(BADARGUMENTS);
        assertThat(err(create("/a", -1))).isEqualTo(BADARGUMENTS);
        assertThat(err(create("/a", 0))).isEqualTo(UNKNOWNSESSION);
    }

    @Test
    void ttlWithExtendedTypesOffIsUnimplementedBeforeRangeAndSession() {
        extended = false;
        session = 0x7777;
        assertThat(err(createTtl("/t", 5, 0))).isEqualTo(UNIMPLEMENTED);
        assertThat(err(createTtl("/t", 6, 1000))).isEqualTo(UNIMPLEMENTED);
    }

    @Test
    void ttlRange() {
        assertThat(err(createTtl("/t", 5, 0))).isEqualTo(BADARGUMENTS);
        assertThat(err(createTtl("/t", 5, -1))).isEqualTo(BADARGUMENTS);
        assertThat(err(createTtl("/t", 5, EphemeralOwner.TTL_MAX_MS + 1))).isEqualTo(BADARGUMENTS);
        Txn max = plan(createTtl("/t", 5, EphemeralOwner.TTL_MAX_MS));
        assertThat(((Txn.Create) max).ephemeralOwner()).isEqualTo(EphemeralOwner.ttl(EphemeralOwner.TTL_MAX_MS));
        Txn one = plan(createTtl("/u", 5, 1));
        assertThat(((Txn.Create) one).ephemeralOwner()).isEqualTo(EphemeralOwner.ttl(1));
    }

    @Test
    void ttlModeRulesAcrossOpcodes() {
        // A TTL mode through create2 carries ttl -1: out of range.
        assertThat(err(new Request.Create(OpCode.CREATE2, "/t", DATA, OPEN, 5, -1))).isEqualTo(BADARGUMENTS);
        // A non-TTL mode through createTTL is refused.
        assertThat(err(createTtl("/t", 0, 1000))).isEqualTo(BADARGUMENTS);
        assertThat(err(createTtl("/t", 0, -1))).isEqualTo(BADARGUMENTS);
        // A ttl on a non-TTL mode is refused too.
        assertThat(err(new Request.Create(OpCode.CREATE, "/t", DATA, OPEN, 0, 5))).isEqualTo(BADARGUMENTS);
        // Range is checked before the session.
        session = 0x7777;
        assertThat(err(createTtl("/t", 5, 0))).isEqualTo(BADARGUMENTS);
    }

    @Test
    void sequentialTtl() {
        tree.add("/q");
        assertThat(created(createTtl("/q/t-", 6, 60_000))).isEqualTo("/q/t-0000000000");
    }

    @Test
    void sessionChecks() {
        session = 0x7777;
        assertThat(err(create("no-slash"))).as("session before path").isEqualTo(UNKNOWNSESSION);
        session = S;
        plan(new Request.CloseSession());
        assertThat(err(create("/a"))).isEqualTo(SESSIONEXPIRED);
        assertThat(err(new Request.Delete("/a", -1))).isEqualTo(SESSIONEXPIRED);
        assertThat(err(new Request.SetData("/a", DATA, -1))).isEqualTo(SESSIONEXPIRED);
        assertThat(err(new Request.SetAcl("/a", OPEN, -1))).isEqualTo(SESSIONEXPIRED);
        session = 0;
        assertThat(plan(create("/reaper"))).as("session 0 is not checked").isInstanceOf(Txn.Create.class);
    }

    @Test
    void pathWithoutSlashOrWithNulIsBadArgumentsBeforeAcl() {
        assertThat(err(create("a"))).isEqualTo(BADARGUMENTS);
        assertThat(err(create(null))).isEqualTo(BADARGUMENTS);
        assertThat(err(createAcl("/a\u0000b", List.of()))).isEqualTo(BADARGUMENTS);
    }

    @Test
    void invalidAclBeatsMissingParent() {
        assertThat(err(createAcl("/missing/x", List.of()))).isEqualTo(INVALIDACL);
        assertThat(err(createAcl("/missing/x", null))).isEqualTo(INVALIDACL);
        assertThat(err(createAcl("/missing/x", List.of(new Acl(Perms.ALL, new Id("auth", "")))))).isEqualTo(INVALIDACL);
        assertThat(err(create("/missing/x"))).isEqualTo(NONODE);
    }

    @Test
    void missingParentBeatsNoAuthAndFullPathValidation() {
        tree.add("/locked", READ_ONLY, 0);
        assertThat(err(create("/locked/x/y"))).isEqualTo(NONODE);
        assertThat(err(create("/a//b"))).as("parent /a/ does not exist").isEqualTo(NONODE);
        assertThat(err(create("/locked/x"))).isEqualTo(NOAUTH);
        assertThat(err(create("/locked/"))).as("NOAUTH before full path validation").isEqualTo(NOAUTH);
        assertThat(err(create("/zookeeper/"))).isEqualTo(BADARGUMENTS);
        assertThat(err(create("/zookeeper/."))).isEqualTo(BADARGUMENTS);
        assertThat(err(create("/zookeeper/\u0001"))).isEqualTo(BADARGUMENTS);
    }

    @Test
    void createRootAndExistingNodes() {
        assertThat(err(create("/"))).isEqualTo(NODEEXISTS);
        assertThat(err(create("/zookeeper"))).isEqualTo(NODEEXISTS);
        plan(create("/a"));
        assertThat(err(create("/a"))).as("pending create counts").isEqualTo(NODEEXISTS);
    }

    @Test
    void nodeExistsBeatsNoChildrenForEphemerals() {
        tree.add("/e", OPEN, S).add("/e/x"); // an impossible tree, to see the order
        assertThat(err(create("/e/x"))).isEqualTo(NODEEXISTS);
        assertThat(err(create("/e/y"))).isEqualTo(NOCHILDRENFOREPHEMERALS);
        assertThat(err(create("/e/s-", 2))).isEqualTo(NOCHILDRENFOREPHEMERALS);
    }

    @Test
    void containersAndTtlNodesMayHaveChildren() {
        plan(new Request.Create(OpCode.CREATE_CONTAINER, "/c", DATA, OPEN, 4, -1));
        plan(createTtl("/t", 5, 1000));
        assertThat(created(create("/c/x"))).isEqualTo("/c/x");
        assertThat(created(create("/t/x"))).isEqualTo("/t/x");
    }

    @Test
    void ownerEncodings() {
        assertThat(((Txn.Create) plan(create("/p", 0))).ephemeralOwner()).isZero();
        assertThat(((Txn.Create) plan(create("/e", 1))).ephemeralOwner()).isEqualTo(S);
        assertThat(((Txn.Create) plan(create("/es", 3))).ephemeralOwner()).isEqualTo(S);
        assertThat(((Txn.Create) plan(create("/ps", 2))).ephemeralOwner()).isZero();
        Txn container = plan(new Request.Create(OpCode.CREATE_CONTAINER, "/c", DATA, OPEN, 4, -1));
        assertThat(((Txn.Create) container).ephemeralOwner()).isEqualTo(EphemeralOwner.CONTAINER);
        assertThat(((Txn.Create) plan(createTtl("/t", 5, 42))).ephemeralOwner()).isEqualTo(EphemeralOwner.ttl(42));
    }

    @Test
    void sequentialSuffixesPipelineUnderOneParent() {
        tree.add("/q");
        assertThat(created(create("/q/lock-", 2))).isEqualTo("/q/lock-0000000000");
        assertThat(created(create("/q/lock-", 3))).isEqualTo("/q/lock-0000000001");
        assertThat(created(create("/q/plain"))).isEqualTo("/q/plain");
        assertThat(created(create("/q/", 2))).as("non-sequential creates advance it").isEqualTo("/q/0000000003");
        plan(new Request.Delete("/q/plain", -1));
        assertThat(created(create("/q/x-", 2))).as("deletes do not decrement").isEqualTo("/q/x-0000000004");
        assertThat(created(create("/", 2))).as("/ had /zookeeper (not counted) and /q").isEqualTo("/0000000001");
    }

    @Test
    void sequentialSuffixContinuesFromTheTreeAfterApply() {
        tree.add("/q");
        Txn first = plan(create("/q/n-", 2));
        tree.apply(zxid, 0, first);
        pending.applied(zxid);
        assertThat(pending.isEmpty()).isTrue();
        assertThat(created(create("/q/n-", 2))).isEqualTo("/q/n-0000000001");
    }

    @Test
    void sequentialSuffixFormatMatchesStringFormat() {
        for (int v : new int[] {0, 7, 999_999_999, 1_000_000_000, Integer.MAX_VALUE, -1, -42, -999_999_999,
                -1_000_000_000, Integer.MIN_VALUE}) {
            assertThat(Planner.withSequenceSuffix("/a-", v)).isEqualTo("/a-" + String.format("%010d", v));
        }
        tree.add("/q");
        Znode q = tree.node("/q");
        tree.replace("/q", new Znode(q.data(), q.acl(), 0, 0, 0, 0, 0, -1, 0, 0, 0, 0));
        assertThat(created(create("/q/n-", 2))).isEqualTo("/q/n--000000001");
        tree.add("/w");
        tree.replace("/w", new Znode(q.data(), q.acl(), 0, 0, 0, 0, 0, Integer.MAX_VALUE, 0, 0, 0, 0));
        assertThat(created(create("/w/m-", 2))).isEqualTo("/w/m-2147483647");
        assertThat(created(create("/w/m-", 2))).isEqualTo("/w/m--2147483648");
    }

    @Test
    void pipelinedCreateOfParentThenChild() {
        plan(create("/a"));
        assertThat(created(create("/a/b"))).isEqualTo("/a/b");
        assertThat(pending.node(tree, "/a").numChildren()).isEqualTo(1);
        assertThat(err(new Request.Delete("/a", -1))).as("pending child makes it non-empty").isEqualTo(NOTEMPTY);
    }

    @Test
    void createExpandsAuthAcl() {
        auth = List.of(IP, ALICE);
        Txn txn = plan(createAcl("/a", List.of(new Acl(Perms.ALL, new Id("auth", "")))));
        assertThat(((Txn.Create) txn).acl()).containsExactly(new Acl(Perms.ALL, ALICE));
        assertThat(pending.node(tree, "/a").acl()).containsExactly(new Acl(Perms.ALL, ALICE));
    }

    // ---- delete ---------------------------------------------------------------------------

    @Test
    void deleteBuiltInAndMalformedPathsAreBadArguments() {
        for (String path : new String[] {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config", "a", "/a\u0000"}) {
            assertThat(err(new Request.Delete(path, -1))).as(path).isEqualTo(BADARGUMENTS);
        }
        assertThat(err(new Request.Delete("/a/", -1))).as("no full validation on delete").isEqualTo(NONODE);
    }

    @Test
    void deleteCheckOrder() {
        tree.add("/guard", NO_DELETE, 0).add("/guard/x").add("/p").add("/p/c").add("/p/c/gc");
        assertThat(err(new Request.Delete("/missing/x", -1))).isEqualTo(NONODE);
        assertThat(err(new Request.Delete("/guard/missing", -1))).as("NOAUTH before NONODE").isEqualTo(NOAUTH);
        assertThat(err(new Request.Delete("/guard/x", -1))).isEqualTo(NOAUTH);
        assertThat(err(new Request.Delete("/p/missing", -1))).isEqualTo(NONODE);
        assertThat(err(new Request.Delete("/p/c", 5))).as("BADVERSION before NOTEMPTY").isEqualTo(BADVERSION);
        assertThat(err(new Request.Delete("/p/c", 0))).isEqualTo(NOTEMPTY);
        assertThat(err(new Request.Delete("/p/c", -1))).isEqualTo(NOTEMPTY);
        assertThat(plan(new Request.Delete("/p/c/gc", 0))).isEqualTo(new Txn.Delete("/p/c/gc"));
        assertThat(plan(new Request.Delete("/p/c", -1))).as("pending delete emptied it").isEqualTo(new Txn.Delete("/p/c"));
        assertThat(err(new Request.Delete("/p/c", -1))).isEqualTo(NONODE);
        assertThat(created(create("/p/c"))).as("delete then create").isEqualTo("/p/c");
    }

    @Test
    void deleteContainer() {
        tree.add("/c", OPEN, EphemeralOwner.CONTAINER).add("/c/x");
        tree.add("/t", OPEN, EphemeralOwner.ttl(10)).add("/e", OPEN, S).add("/p");
        session = 0;
        assertThat(err(new Request.DeleteContainer("/missing"))).isEqualTo(NONODE);
        assertThat(err(new Request.DeleteContainer("/c"))).isEqualTo(NOTEMPTY);
        assertThat(err(new Request.DeleteContainer("/e"))).isEqualTo(BADVERSION);
        assertThat(err(new Request.DeleteContainer("/p"))).isEqualTo(BADVERSION);
        assertThat(err(new Request.DeleteContainer("/zookeeper"))).isEqualTo(BADARGUMENTS);
        assertThat(plan(new Request.DeleteContainer("/t"))).isEqualTo(new Txn.Delete("/t"));
        session = S;
        plan(new Request.Delete("/c/x", -1));
        session = 0x7777; // no session check for the reaper's op
        assertThat(plan(new Request.DeleteContainer("/c"))).isEqualTo(new Txn.Delete("/c"));
    }

    // ---- setData, setACL, check ---------------------------------------------------------

    @Test
    void setDataCheckOrderAndVersions() {
        tree.add("/ro", READ_ONLY, 0).add("/a");
        assertThat(err(new Request.SetData("/a/", DATA, -1))).isEqualTo(BADARGUMENTS);
        assertThat(err(new Request.SetData("/missing/", DATA, -1))).as("path before existence").isEqualTo(BADARGUMENTS);
        assertThat(err(new Request.SetData("/missing", DATA, -1))).isEqualTo(NONODE);
        assertThat(err(new Request.SetData("/ro", DATA, 9))).as("NOAUTH before BADVERSION").isEqualTo(NOAUTH);
        assertThat(err(new Request.SetData("/a", DATA, 1))).isEqualTo(BADVERSION);
        assertThat(plan(new Request.SetData("/a", DATA, 0))).isEqualTo(new Txn.SetData("/a", DATA, 1));
        assertThat(plan(new Request.SetData("/a", DATA, 1))).as("pipelined").isEqualTo(new Txn.SetData("/a", DATA, 2));
        assertThat(pending.node(tree, "/a").mzxid()).isEqualTo(zxid);
        assertThat(pending.node(tree, "/a").czxid()).isEqualTo(1);
    }

    @Test
    void versionsWrapAsInts() {
        tree.add("/a");
        tree.replace("/a", FakeTree.node(OPEN, 0, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertThat(plan(new Request.SetData("/a", DATA, Integer.MAX_VALUE)))
                .isEqualTo(new Txn.SetData("/a", DATA, Integer.MIN_VALUE));
        assertThat(plan(new Request.SetAcl("/a", OPEN, Integer.MAX_VALUE)))
                .isEqualTo(new Txn.SetAcl("/a", OPEN, Integer.MIN_VALUE));
    }

    @Test
    void setAclCheckOrder() {
        tree.add("/noadmin", List.of(new Acl(Perms.ALL & ~Perms.ADMIN, Id.ANYONE)), 0).add("/a");
        assertThat(err(new Request.SetAcl("/a/", List.of(), -1))).isEqualTo(BADARGUMENTS);
        assertThat(err(new Request.SetAcl("/missing", List.of(), -1))).as("INVALIDACL before NONODE").isEqualTo(INVALIDACL);
        assertThat(err(new Request.SetAcl("/missing", OPEN, -1))).isEqualTo(NONODE);
        assertThat(err(new Request.SetAcl("/noadmin", OPEN, 3))).isEqualTo(NOAUTH);
        plan(new Request.SetData("/a", DATA, -1));
        assertThat(err(new Request.SetAcl("/a", OPEN, 1))).as("compares aversion, not version").isEqualTo(BADVERSION);
        assertThat(plan(new Request.SetAcl("/a", READ_ONLY, 0))).isEqualTo(new Txn.SetAcl("/a", READ_ONLY, 1));
        assertThat(err(new Request.SetData("/a", DATA, -1))).as("pipelined ACL applies at once").isEqualTo(NOAUTH);
        assertThat(pending.node(tree, "/a").version()).isEqualTo(1);
    }

    @Test
    void superPassesEveryAclCheck() {
        tree.add("/ro", List.of(new Acl(Perms.READ, ALICE)), 0);
        assertThat(err(new Request.SetData("/ro", DATA, -1))).isEqualTo(NOAUTH);
        auth = List.of(IP, Id.SUPER);
        assertThat(plan(new Request.SetData("/ro", DATA, -1))).isInstanceOf(Txn.SetData.class);
    }

    @Test
    void topLevelCheckIsUnimplemented() {
        assertThat(err(new Request.Check("/", -1))).isEqualTo(UNIMPLEMENTED);
    }

    // ---- multi ------------------------------------------------------------------------------

    static Request.Multi multi(Request... ops) {
        return new Request.Multi(List.of(ops));
    }

    static List<Txn> errors(int... codes) {
        return java.util.Arrays.stream(codes).mapToObj(c -> (Txn) new Txn.Error(c)).toList();
    }

    @Test
    void multiSuccessSeesEarlierOps() {
        Txn txn = plan(multi(create("/m"), create("/m/c"), new Request.SetData("/m", DATA, 0),
                new Request.Check("/m", 1), new Request.Delete("/m/c", 0), create("/m/c", 2)));
        assertThat(txn).isEqualTo(new Txn.Multi(List.of(new Txn.Create("/m", DATA, OPEN, 0),
                new Txn.Create("/m/c", DATA, OPEN, 0), new Txn.SetData("/m", DATA, 1), new Txn.Check("/m"),
                new Txn.Delete("/m/c"), new Txn.Create("/m/c0000000001", DATA, OPEN, 0))));
        assertThat(pending.node(tree, "/m").version()).isEqualTo(1);
        assertThat(pending.node(tree, "/m").numChildren()).isEqualTo(1);
    }

    @Test
    void failedMultiReportsPerOpCodesAndRollsBack() {
        tree.add("/q");
        plan(new Request.SetData("/q", DATA, -1)); // an earlier pending change on a multi path
        plan(create("/q/s-", 2));
        int sizeBefore = pending.size();
        Txn txn = plan(multi(create("/q/s-", 2), new Request.SetData("/q", DATA, 1), create("/x"),
                create("/x"), new Request.Delete("/q", -1)));
        assertThat(txn).isEqualTo(new Txn.Multi(errors(0, 0, 0, NODEEXISTS, -2)));
        assertThat(pending.size()).isEqualTo(sizeBefore);
        assertThat(pending.node(tree, "/x")).isNull();
        assertThat(pending.node(tree, "/q").version()).isEqualTo(1);
        assertThat(pending.node(tree, "/q").numChildren()).isEqualTo(1);
        assertThat(created(create("/q/s-", 2))).as("suffix not consumed by the failed multi").isEqualTo("/q/s-0000000001");
    }

    @Test
    void multiCheckFailuresAndOddOps() {
        tree.add("/ro", List.of(new Acl(Perms.WRITE, Id.ANYONE)), 0);
        assertThat(plan(multi(new Request.Check("/nope", -1)))).isEqualTo(new Txn.Multi(errors(NONODE)));
        assertThat(plan(multi(new Request.Check("/ro", -1)))).isEqualTo(new Txn.Multi(errors(NOAUTH)));
        assertThat(plan(multi(create("/a"), new Request.Check("/a", 3)))).isEqualTo(new Txn.Multi(errors(0, BADVERSION)));
        assertThat(plan(multi(new Request.Check("bad", 3)))).isEqualTo(new Txn.Multi(errors(BADARGUMENTS)));
        assertThat(plan(multi(create("/a"), new Request.SetAcl("/a", OPEN, -1))))
                .isEqualTo(new Txn.Multi(errors(0, BADARGUMENTS)));
        assertThat(plan(multi())).isEqualTo(new Txn.Multi(List.of()));
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void multiOfClosingSession() {
        plan(new Request.CloseSession());
        assertThat(plan(multi(create("/a", 9), create("/b"))))
                .as("flags are checked before the session, per op").isEqualTo(new Txn.Multi(errors(BADARGUMENTS, -2)));
        assertThat(plan(multi(create("/a"), create("/b")))).isEqualTo(new Txn.Multi(errors(SESSIONEXPIRED, -2)));
    }

    // ---- sessions ---------------------------------------------------------------------------

    @Test
    void createSessionIsUsableBeforeApply() {
        byte[] passwd = new byte[16];
        session = 0x55;
        assertThat(plan(new Request.CreateSession(30000, passwd))).isEqualTo(new Txn.CreateSession(0x55, 30000, passwd));
        assertThat(created(create("/e", 1))).isEqualTo("/e");
        assertThatThrownBy(() -> Planner.plan(tree, pending, new PlanContext(0, 0, ++zxid, 0, auth, true),
                new Request.CreateSession(30000, passwd))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeSessionDeletesTreeAndPendingEphemerals() {
        tree.add("/p").add("/p/old", OPEN, S).add("/p/gone", OPEN, S).add("/keep", OPEN, OTHER);
        plan(create("/p/new", 1));
        plan(new Request.Delete("/p/gone", -1));
        assertThat(pending.ephemeralsOf(tree, S)).containsExactlyInAnyOrder("/p/old", "/p/new");
        assertThat(plan(new Request.CloseSession())).isEqualTo(new Txn.CloseSession(S));
        assertThat(pending.node(tree, "/p/old")).isNull();
        assertThat(pending.node(tree, "/p/new")).isNull();
        assertThat(pending.node(tree, "/keep")).isNotNull();
        assertThat(pending.node(tree, "/p").numChildren()).isZero();
        assertThat(pending.isClosing(S)).isTrue();
        session = OTHER;
        assertThat(created(create("/p/old", 1))).as("path free after the close").isEqualTo("/p/old");
        assertThat(plan(new Request.Delete("/p/old", -1))).isInstanceOf(Txn.Delete.class);
        assertThat(plan(new Request.Delete("/p", -1))).as("child counts dropped").isEqualTo(new Txn.Delete("/p"));
    }

    @Test
    void closedSessionIsUnknownOnceApplied() {
        Txn close = plan(new Request.CloseSession());
        tree.apply(zxid, 0, close);
        pending.applied(zxid);
        assertThat(pending.isClosing(S)).isFalse();
        assertThat(err(create("/a"))).isEqualTo(UNKNOWNSESSION);
    }

    @Test
    void readRequestsAreProgrammerErrors() {
        assertThatThrownBy(() -> plan(new Request.GetData("/", false))).isInstanceOf(IllegalStateException.class);
    }
}
