package io.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import java.util.List;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.cli.AclParser;
import org.junit.jupiter.api.Test;

/** The cli's text formats against zkCli's own code (ZooKeeper 3.9.5), and --server parsing. */
class CliTextTest {
    @Test
    void permissionStringsMatchZkClisForEveryBitSet() {
        for (int perms = 0; perms < 32; perms++) {
            assertThat(Text.permString(perms)).as("perms %d", perms).isEqualTo(ZKUtil.getPermString(perms));
            assertThat(Text.parsePerms(Text.permString(perms))).isEqualTo(perms);
        }
    }

    @Test
    void aclTextParsesAsZkClisParserDoes() {
        String text = "world:anyone:r,digest:alice:V55/p2T0OpjQ+low3NVAH4aLvm0=:cdrwa,ip:10.0.0.0/8:rw,auth::cdrwa";
        List<Acl> ours = Text.parseAcls(text);
        List<org.apache.zookeeper.data.ACL> theirs = AclParser.parse(text);
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).perms()).isEqualTo(theirs.get(i).getPerms());
            assertThat(ours.get(i).id()).isEqualTo(new Id(theirs.get(i).getId().getScheme(),
                    theirs.get(i).getId().getId()));
        }
    }

    @Test
    void badAclTextNamesEveryBadEntry() {
        assertThatThrownBy(() -> Text.parseAcls("world:anyone,world:anyone:rwq,ok:id:r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'world:anyone' does not have the form scheme:id:perm; "
                        + "'world:anyone:rwq' has permissions other than c, d, r, w, a");
        assertThatThrownBy(() -> Text.parseAcls("justone")).hasMessageContaining("does not have the form");
    }

    @Test
    void serverAddresses() {
        assertThat(ServerAddress.parse("127.0.0.1:2182")).isEqualTo(new ServerAddress("127.0.0.1", 2182));
        assertThat(ServerAddress.parse(" localhost ")).isEqualTo(new ServerAddress("localhost", 2181));
        assertThat(ServerAddress.parse("[::1]:2183")).isEqualTo(new ServerAddress("::1", 2183));
        assertThat(ServerAddress.parse("[::1]").toString()).isEqualTo("[::1]:2181");
        assertThatThrownBy(() -> ServerAddress.parse("h:0")).hasMessageContaining("port 0 is not in 1..65535");
        assertThatThrownBy(() -> ServerAddress.parse(":2181")).hasMessageContaining("empty host");
        assertThatThrownBy(() -> ServerAddress.parse("[::1")).hasMessageContaining("no closing ']'");
        assertThatThrownBy(() -> ServerAddress.parse("[::1]x")).hasMessageContaining("not ':port'");
        assertThatThrownBy(() -> ServerAddress.parse("h:x")).hasMessageContaining("not a number: 'x'");
    }

    @Test
    void zooKeeperErrorsInZkClisWords() {
        assertThat(new ZkException(-101, "/a/b").getMessage()).isEqualTo("Node does not exist: /a/b");
        assertThat(new ZkException(-103, "/a").getMessage()).isEqualTo("version No is not valid : /a");
        assertThat(new ZkException(-102, "/a").getMessage()).isEqualTo("Insufficient permission : /a");
        assertThat(new ZkException(-7, "/a").getMessage()).isEqualTo("KeeperErrorCode = CODE(-7) for /a");
    }
}
