package io.paddock.node;

import io.paddock.config.Member;
import io.paddock.config.NodeConfig;
import io.paddock.storage.DataLayout;
import java.util.List;

/**
 * The start-up banner: one block, logged once when the node first serves its client port, with
 * the version, the node's id and role, every port and URL it serves (client, HTTP console,
 * admin API, health, metrics, peer), its directories, and how to connect.
 *
 * <p>Pure text from the configuration and the bound ports; safe from any thread.
 */
final class Banner {
    static final String VERSION = "0.1.0";

    private Banner() {}

    /**
     * The banner of a node serving clients on {@code clientPort} and HTTP on {@code httpPort}
     * (0 when off), whose mode is {@code mode} (standalone, leader, follower, observer) now.
     */
    static String text(NodeConfig config, int clientPort, int httpPort, String mode) {
        String client = hostPort(config.clientAddress(), clientPort);
        StringBuilder out = new StringBuilder(512);
        out.append("==== Paddock ").append(VERSION).append(" node ").append(config.serverId()).append(" (")
                .append(role(config, mode)).append(") ====\n");
        line(out, "client", client + "   (zkCli.sh -server " + client + ", or java -jar paddock.jar cli --server "
                + client + ")");
        if (httpPort > 0) {
            String http = "http://" + hostPort(config.clientAddress(), httpPort);
            line(out, "console", http + "/");
            line(out, "admin", http + "/admin   (srvr, mntr, cons, wchs, conf, members, sessions, watches, snapshot, backup)");
            line(out, "health", http + "/health/live, " + http + "/health/ready");
            line(out, "metrics", http + "/metrics");
        } else {
            line(out, "http", "off (httpPort 0): no console, admin API or metrics");
        }
        Member self = config.self();
        if (self != null) {
            line(out, "peer", hostPort(self.host(), self.peerPort()));
        }
        line(out, "data", config.dataDir() + " (log " + DataLayout.logDir(config.dataDir(), config.dataLogDir()) + ")");
        return out.toString();
    }

    /** "standalone", or e.g. "participant of members [1, 2, 3], now leader". */
    private static String role(NodeConfig config, String mode) {
        if (config.standalone()) {
            return "standalone";
        }
        List<Integer> ids = config.members().stream().map(Member::id).toList();
        Member self = config.self();
        String role = self == null ? "member" : self.role().word();
        return role + " of members " + ids + ", now " + mode;
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-8s %s", label, value)).append('\n');
    }

    /** IPv6 literals need brackets in a host:port and in a URL. */
    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
