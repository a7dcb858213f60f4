package io.paddock.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclsTest {
    private static final List<Id> LOCAL = List.of(new Id("ip", "127.0.0.1"));

    @Test
    void emptyOrNullAclAndSuperAllowEverything() {
        assertThat(Acls.permits(null, List.of(), Perms.ADMIN)).isTrue();
        assertThat(Acls.permits(List.of(), List.of(), Perms.ADMIN)).isTrue();
        List<Acl> digestOnly = List.of(new Acl(Perms.ALL, new Id("digest", "a:b")));
        assertThat(Acls.permits(digestOnly, LOCAL, Perms.READ)).isFalse();
        assertThat(Acls.permits(digestOnly, List.of(LOCAL.get(0), Id.SUPER), Perms.READ)).isTrue();
    }

    @Test
    void anyRequestedBitSufficesAndSchemesMatchExactly() {
        List<Acl> acl = List.of(new Acl(Perms.READ | Perms.WRITE, new Id("digest", "u:h")));
        List<Id> u = List.of(new Id("digest", "u:h"));
        assertThat(Acls.permits(acl, u, Perms.READ)).isTrue();
        assertThat(Acls.permits(acl, u, Perms.ADMIN)).isFalse();
        assertThat(Acls.permits(acl, u, Perms.ADMIN | Perms.WRITE)).isTrue();
        assertThat(Acls.permits(acl, List.of(new Id("digest", "u:other")), Perms.READ)).isFalse();
        assertThat(Acls.permits(acl, List.of(new Id("sasl", "u:h")), Perms.READ)).isFalse();
        assertThat(Acls.permits(Acl.READ_ACL_UNSAFE, List.of(), Perms.READ)).isTrue();
        assertThat(Acls.permits(Acl.READ_ACL_UNSAFE, List.of(), Perms.WRITE)).isFalse();
    }

    @Test
    void ipv4PrefixesMatchLikeCidr() {
        assertThat(Acls.ipMatches("127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(Acls.ipMatches("127.0.0.1", "127.0.0.2")).isFalse();
        assertThat(Acls.ipMatches("10.1.0.0/16", "10.1.200.3")).isTrue();
        assertThat(Acls.ipMatches("10.1.0.0/16", "10.2.0.3")).isFalse();
        assertThat(Acls.ipMatches("10.1.128.0/17", "10.1.200.3")).isTrue();
        assertThat(Acls.ipMatches("10.1.128.0/17", "10.1.100.3")).isFalse();
        assertThat(Acls.ipMatches("0.0.0.0/0", "8.8.8.8")).isTrue();
        assertThat(Acls.ipMatches("10.0.0.0/33", "10.0.0.0")).isFalse();
        assertThat(Acls.ipMatches("10.0.0", "10.0.0.0")).isFalse();
        assertThat(Acls.ipMatches("10.0.0.256", "10.0.0.0")).isFalse();
        assertThat(Acls.ipMatches("10.0.0.0/8", "0:0:0:0:0:0:0:1")).isFalse();
        List<Acl> acl = List.of(new Acl(Perms.ALL, new Id("ip", "192.168.0.0/24")));
        assertThat(Acls.permits(acl, List.of(new Id("ip", "192.168.0.77")), Perms.READ)).isTrue();
        assertThat(Acls.permits(acl, List.of(new Id("ip", "192.168.1.77")), Perms.READ)).isFalse();
    }

    @Test
    void ipv6PrefixesMatchLikeZooKeeper() {
        assertThat(Acls.ipMatches("2001:db8:0:0:0:0:0:0/32", "2001:db8:1:2:0:0:0:5")).isTrue();
        assertThat(Acls.ipMatches("2001:db8:0:0:0:0:0:0/32", "2001:db9:0:0:0:0:0:5")).isFalse();
        assertThat(Acls.ipMatches("0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1")).isTrue();
    }
}
