package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ACL schemes world, auth, digest, ip and super, with ZooKeeper's permission checks per op. */
class AclTest {
    @TempDir
    Path dir;

    @Test
    void digestAuthAndCreatorAcl() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper alice = node.client();
            ZooKeeper anonymous = node.client();
            assertThatThrownBy(() -> alice.create("/a", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.InvalidACLException.class);
            alice.addAuthInfo("digest", "alice:secret".getBytes(StandardCharsets.UTF_8));
            alice.create("/a", "x".getBytes(), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            String digest = DigestAuthenticationProvider.generateDigest("alice:secret");
            assertThat(alice.getACL("/a", new Stat())).containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)));
            assertThat(alice.getData("/a", false, null)).isEqualTo("x".getBytes());

            assertThatThrownBy(() -> anonymous.getData("/a", false, null)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.setData("/a", null, -1)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.create("/a/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.getACL("/a", new Stat())).isInstanceOf(KeeperException.NoAuthException.class);
            // The id of a digest entry is redacted for callers that may read but lack ADMIN.
            alice.create("/shared", null, new java.util.ArrayList<>(List.of(
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)))), CreateMode.PERSISTENT);
            assertThat(anonymous.getACL("/shared", new Stat())).containsExactly(
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                    new ACL(ZooDefs.Perms.ALL, new Id("digest", "alice:x")));
            assertThatThrownBy(() -> anonymous.exists("/a", false)).isInstanceOf(KeeperException.NoAuthException.class);
            // Delete is checked on the parent, so anyone may delete /a from the open root.
            assertThat(anonymous.exists("/zookeeper", false)).isNotNull();
            anonymous.close();
            alice.close();
        }
    }

    @Test
    void readOnlyAclAndSetAclVersions() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper zk = node.client();
            zk.create("/ro", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Stat stat = zk.setACL("/ro", ZooDefs.Ids.READ_ACL_UNSAFE, 0);
            assertThat(stat.getAversion()).isEqualTo(1);
            assertThatThrownBy(() -> zk.setACL("/ro", ZooDefs.Ids.OPEN_ACL_UNSAFE, 0))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> zk.setData("/ro", null, -1)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThat(zk.getData("/ro", false, null)).isNullOrEmpty();
            assertThatThrownBy(() -> zk.setACL("/ro", new java.util.ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("world", "somebody")))), -1))
                    .isInstanceOf(KeeperException.InvalidACLException.class);
            zk.close();
        }
    }

    @Test
    void ipSchemeMatchesTheClientAddress() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper zk = node.client();
            zk.create("/ip-ok", null, new java.util.ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.0/8")))), CreateMode.PERSISTENT);
            zk.create("/ip-no", null, new java.util.ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.1.2.3")))), CreateMode.PERSISTENT);
            assertThat(zk.getData("/ip-ok", false, null)).isNullOrEmpty();
            assertThatThrownBy(() -> zk.getData("/ip-no", false, null)).isInstanceOf(KeeperException.NoAuthException.class);
            zk.close();
        }
    }

    @Test
    void watchEventsAreNotDeliveredForNodesTheWatcherCannotRead() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper owner = node.client();
            owner.addAuthInfo("digest", "carol:pw".getBytes(StandardCharsets.UTF_8));
            ZooKeeper other = node.client();
            java.util.concurrent.BlockingQueue<org.apache.zookeeper.WatchedEvent> events =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            assertThat(other.exists("/secret", events::add)).isNull();
            assertThat(other.exists("/public", events::add)).isNull();
            owner.create("/secret", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            owner.create("/public", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            // Events leave in zxid order, so the /secret event would have come first.
            assertThat(ZkOperationsTest.next(events)).isEqualTo("NodeCreated /public");
            other.close();
            owner.close();
        }
    }

    @Test
    void superDigestPassesEveryCheck() throws Exception {
        String superDigest = DigestAuthenticationProvider.generateDigest("super:admin");
        try (TestNode node = TestNode.start(dir, Map.of("super-digest", superDigest))) {
            ZooKeeper owner = node.client();
            owner.addAuthInfo("digest", "bob:pw".getBytes(StandardCharsets.UTF_8));
            owner.create("/locked", "s".getBytes(), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            ZooKeeper admin = node.client();
            admin.addAuthInfo("digest", "super:admin".getBytes(StandardCharsets.UTF_8));
            assertThat(admin.getData("/locked", false, null)).isEqualTo("s".getBytes());
            admin.setData("/locked", "t".getBytes(), -1);
            admin.close();
            owner.close();
        }
    }
}
