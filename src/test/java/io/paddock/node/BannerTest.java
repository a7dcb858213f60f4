package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.config.ConfigLoader;
import io.paddock.config.ConfigSource;
import io.paddock.config.LoadResult;
import io.paddock.config.NodeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up banner names the node, its role and every port and directory it uses. */
class BannerTest {

    @Test
    void standaloneNodeWithHttp() {
        NodeConfig config = load(Map.of("data-dir", "run/x", "client-port", "2181"));

        assertThat(Banner.text(config, 2181, 8080, "standalone")).isEqualTo("""
                ==== Paddock 0.1.0 node 1 (standalone) ====
                client   127.0.0.1:2181   (zkCli.sh -server 127.0.0.1:2181, or java -jar paddock.jar cli --server 127.0.0.1:2181)
                console  http://127.0.0.1:8080/
                admin    http://127.0.0.1:8080/admin   (srvr, mntr, cons, wchs, conf, members, sessions, watches, snapshot, backup)
                health   http://127.0.0.1:8080/health/live, http://127.0.0.1:8080/health/ready
                metrics  http://127.0.0.1:8080/metrics
                data     run/x (log run/x/log)
                """);
    }

    @Test
    void ensembleMemberNamesItsRoleMembersModeAndPeerPort() {
        NodeConfig config = load(Map.of("members", "1=127.0.0.1:2181:2888,2=127.0.0.1:2182:2889,3=127.0.0.1:2183:2890:observer",
                "server-id", "3", "data-dir", "run/node3", "data-log-dir", "/var/log/p3", "http-port", "0"));

        String banner = Banner.text(config, 2183, 0, "observer");

        assertThat(banner).startsWith("==== Paddock 0.1.0 node 3 (observer of members [1, 2, 3], now observer) ====\n")
                .contains("client   127.0.0.1:2183 ")
                .contains("http     off (httpPort 0): no console, admin API or metrics\n")
                .contains("peer     127.0.0.1:2890\n")
                .endsWith("data     run/node3 (log /var/log/p3/log)\n")
                .doesNotContain("metrics  ");
    }

    @Test
    void ipv6AddressesAreBracketed() {
        NodeConfig config = load(Map.of("client-address", "::1"));

        assertThat(Banner.text(config, 2181, 8080, "standalone")).contains("client   [::1]:2181 ")
                .contains("metrics  http://[::1]:8080/metrics");
    }

    private static NodeConfig load(Map<String, String> flags) {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFlags(flags));
        assertThat(result.errors()).isEmpty();
        return ((LoadResult.Loaded) result).config();
    }
}
