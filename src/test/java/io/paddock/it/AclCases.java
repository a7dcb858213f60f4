package io.paddock.it;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;

/**
 * ACL schemes world, auth, digest, ip and super, with ZooKeeper's permission checks per op,
 * written once for one node ({@link AclTest}) and an ensemble (process.ClusterOperationsIT):
 * every {@link #client()} is a new session, on the next node of an ensemble, so a znode is
 * created through one node and its ACL checked on another (after a {@link ZkOperationsCases#sync}).
 * The server must be configured with the super user {@link #SUPER_USER}; tests run on the JUnit
 * thread and use paths of their own.
 */
public abstract class AclCases {
    /** "user:password" of the super user the server under test is configured with. */
    public static final String SUPER_USER = "super:admin";

    /** A new connected session; the caller closes it. */
    protected abstract ZooKeeper client() throws Exception;

    /** The superDigest setting for {@link #SUPER_USER}. */
    public static String superDigest() throws Exception {
        return DigestAuthenticationProvider.generateDigest(SUPER_USER);
    }

    @Test
    void digestAuthAndCreatorAcl() throws Exception {
        try (ZooKeeper alice = client(); ZooKeeper anonymous = client()) {
            assertThatThrownBy(() -> alice.create("/a", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.InvalidACLException.class);
            alice.addAuthInfo("digest", "alice:secret".getBytes(StandardCharsets.UTF_8));
            alice.create("/a", "x".getBytes(), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            String digest = DigestAuthenticationProvider.generateDigest("alice:secret");
            assertThat(alice.getACL("/a", new Stat())).containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)));
            assertThat(alice.getData("/a", false, null)).isEqualTo("x".getBytes());

            sync(anonymous, "/a");
            assertThatThrownBy(() -> anonymous.getData("/a", false, null)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.setData("/a", null, -1)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.create("/a/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.getACL("/a", new Stat())).isInstanceOf(KeeperException.NoAuthException.class);
            // The id of a digest entry is redacted for callers that may read but lack ADMIN.
            alice.create("/shared", null, new ArrayList<>(List.of(
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)))), CreateMode.PERSISTENT);
            sync(anonymous, "/shared");
            assertThat(anonymous.getACL("/shared", new Stat())).containsExactly(
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, new Id("digest", "alice:x")));
            assertThatThrownBy(() -> anonymous.exists("/a", false)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThat(anonymous.exists("/zookeeper", false)).isNotNull();
        }
    }

    @Test
    void readOnlyAclAndSetAclVersions() throws Exception {
        try (ZooKeeper zk = client()) {
            zk.create("/ro", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Stat stat = zk.setACL("/ro", ZooDefs.Ids.READ_ACL_UNSAFE, 0);
            assertThat(stat.getAversion()).isEqualTo(1);
            assertThatThrownBy(() -> zk.setACL("/ro", ZooDefs.Ids.OPEN_ACL_UNSAFE, 0))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> zk.setData("/ro", null, -1)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThat(zk.getData("/ro", false, null)).isNullOrEmpty();
            assertThatThrownBy(() -> zk.setACL("/ro", new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("world", "somebody")))), -1))
                    .isInstanceOf(KeeperException.InvalidACLException.class);
        }
    }

    @Test
    void ipSchemeMatchesTheClientAddress() throws Exception {
        try (ZooKeeper zk = client(); ZooKeeper other = client()) {
            zk.create("/ip-ok", null, new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.0/8")))), CreateMode.PERSISTENT);
            zk.create("/ip-no", null, new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.1.2.3")))), CreateMode.PERSISTENT);
            assertThat(zk.getData("/ip-ok", false, null)).isNullOrEmpty();
            assertThatThrownBy(() -> zk.getData("/ip-no", false, null)).isInstanceOf(KeeperException.NoAuthException.class);
            // The write through another node is checked against that connection's address.
            sync(other, "/ip-ok");
            other.setData("/ip-ok", "o".getBytes(), -1);
            assertThatThrownBy(() -> other.setData("/ip-no", null, -1)).isInstanceOf(KeeperException.NoAuthException.class);
        }
    }

    @Test
    void watchEventsAreNotDeliveredForNodesTheWatcherCannotRead() throws Exception {
        try (ZooKeeper owner = client(); ZooKeeper other = client()) {
            owner.addAuthInfo("digest", "carol:pw".getBytes(StandardCharsets.UTF_8));
            BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
            assertThat(other.exists("/secret", events::add)).isNull();
            assertThat(other.exists("/public", events::add)).isNull();
            owner.create("/secret", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            owner.create("/public", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            // Events leave in zxid order, so the /secret event would have come first.
            assertThat(ZkOperationsCases.next(events)).isEqualTo("NodeCreated /public");
        }
    }

    @Test
    void superDigestPassesEveryCheck() throws Exception {
        try (ZooKeeper owner = client(); ZooKeeper admin = client()) {
            owner.addAuthInfo("digest", "bob:pw".getBytes(StandardCharsets.UTF_8));
            owner.create("/locked", "s".getBytes(), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            admin.addAuthInfo("digest", SUPER_USER.getBytes(StandardCharsets.UTF_8));
            sync(admin, "/locked");
            assertThat(admin.getData("/locked", false, null)).isEqualTo("s".getBytes());
            admin.setData("/locked", "t".getBytes(), -1);
            sync(owner, "/locked");
            assertThat(owner.getData("/locked", false, null)).isEqualTo("t".getBytes());
        }
    }
}
