package io.paddock.node;

import io.paddock.config.Member;
import io.paddock.config.NodeConfig;
import io.paddock.consensus.ReplicaCore;
import io.paddock.model.Zxid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the HTTP admin API, in the shapes of ZooKeeper's AdminServer commands
 * ({@code org.apache.zookeeper.server.admin.Commands}): every body names its {@code command}
 * and carries {@code "error": null} on success; keys are ZooKeeper's snake-case names
 * ({@code server_stats}, {@code znode_count}, {@code num_total_watches}, ...). Where ZooKeeper
 * writes a 64-bit id as a JSON number, which JavaScript cannot hold exactly, session ids and
 * zxids are hex strings ({@code "0x1000000a3"}), as the four-letter words print them.
 *
 * <p>Pure rendering of a {@link FourLetterWordOutput.View} captured on the event loop; called
 * on the event loop (connections and watches are live objects of the client verticle).
 */
final class AdminJson {
    private AdminJson() {}

    /** A body that begins like every ZooKeeper command response. */
    static JsonObject command(String name) {
        return new JsonObject().put("command", name);
    }

    /** Ends a successful body: ZooKeeper writes {@code "error": null} last. */
    static JsonObject ok(JsonObject body) {
        return body.putNull("error");
    }

    static JsonObject error(String message) {
        return new JsonObject().put("error", message);
    }

    /** {@code srvr}: version, read-only flag, server_stats, node_count. */
    static JsonObject srvr(FourLetterWordOutput.View view, FourLetterWordOutput.DirSizes sizes) {
        ServerStats stats = view.stats();
        JsonObject serverStats = new JsonObject()
                .put("packets_sent", stats.packetsSent)
                .put("packets_received", stats.packetsReceived)
                .put("max_latency", stats.latencyMaxMs)
                .put("min_latency", stats.minLatencyMs())
                .put("avg_latency", stats.avgLatencyMs())
                .put("outstanding_requests", view.outstanding())
                .put("server_state", mode(view))
                .put("num_alive_client_connections", view.connections().size())
                .put("last_processed_zxid", Zxid.hex(view.tree().lastZxid()))
                .put("data_dir_size", sizes.dataDirBytes())
                .put("log_dir_size", sizes.dataLogDirBytes())
                .put("uptime", System.currentTimeMillis() - stats.startedMs)
                .put("auth_failed_count", stats.authFailed);
        return ok(command("server_stats").put("version", FourLetterWordOutput.VERSION).put("read_only", false)
                .put("server_stats", serverStats).put("node_count", view.tree().nodeCount()));
    }

    /** {@code mntr}: the mntr keys without the {@code zk_} prefix, with numbers as numbers. */
    static JsonObject mntr(FourLetterWordOutput.View view, FourLetterWordOutput.DirSizes sizes) {
        JsonObject body = command("monitor");
        for (Map.Entry<String, Object> entry : FourLetterWordOutput.mntrValues(view, sizes).entrySet()) {
            body.put(entry.getKey(), entry.getValue());
        }
        return ok(body);
    }

    /** {@code cons}: one object per client connection, ZooKeeper's {@code getConnectionInfo} keys. */
    static JsonObject cons(FourLetterWordOutput.View view) {
        JsonArray connections = new JsonArray();
        for (Connection c : view.connections()) {
            connections.add(new JsonObject()
                    .put("remote_socket_address", c.remoteHost + ":" + c.remotePort)
                    .put("outstanding_requests", c.pipeline.size())
                    .put("packets_received", c.packetsReceived)
                    .put("packets_sent", c.packetsSent)
                    .put("session_id", "0x" + Long.toHexString(c.sessionId))
                    .put("last_operation", c.lastOp)
                    .put("established", c.establishedMs)
                    .put("session_timeout", c.timeoutMs)
                    .put("last_cxid", c.lastCxid)
                    .put("last_zxid", c.lastZxid < 0 ? null : Zxid.hex(c.lastZxid))
                    .put("last_response_time", c.lastResponseMs)
                    .put("last_latency", c.lastLatencyMs)
                    .put("min_latency", c.latencyCount == 0 ? 0 : c.latencyMinMs)
                    .put("avg_latency", c.latencyCount == 0 ? 0 : c.latencyTotalMs / c.latencyCount)
                    .put("max_latency", c.latencyMaxMs));
        }
        return ok(command("connections").put("connections", connections).put("secure_connections", new JsonArray()));
    }

    /** {@code wchs}: ZooKeeper's watch summary of the data-watch table. */
    static JsonObject wchs(FourLetterWordOutput.View view) {
        return ok(command("watch_summary")
                .put("num_connections", view.watches().watcherCount())
                .put("num_paths", view.watches().pathCount())
                .put("num_total_watches", view.watches().dataWatchCount()));
    }

    /** Ephemerals listed per session at most; {@code ephemeral_count} always has them all. */
    static final int EPHEMERALS_LISTED_MAX = 1000;
    /** Watches listed by {@code /admin/watches} at most. */
    static final int WATCHES_LISTED_MAX = 10_000;

    /**
     * {@code sessions} (Paddock's own, after ZooKeeper's {@code dump}): every session of the
     * replicated tree, by id, with its timeout, its ephemerals (sorted, at most
     * {@value #EPHEMERALS_LISTED_MAX}) and, when it is connected to this node, its connection.
     * A session connected to another member, or to none for the moment, has {@code "connection": null}.
     */
    static JsonObject sessions(FourLetterWordOutput.View view) {
        Map<Long, Connection> here = new java.util.HashMap<>();
        for (Connection c : view.connections()) {
            here.put(c.sessionId, c);
        }
        List<io.paddock.tree.SessionInfo> sorted = new java.util.ArrayList<>(view.tree().sessions());
        sorted.sort(java.util.Comparator.comparingLong(io.paddock.tree.SessionInfo::sessionId));
        JsonArray sessions = new JsonArray();
        for (io.paddock.tree.SessionInfo session : sorted) {
            java.util.Collection<String> owned = view.tree().ephemeralsOf(session.sessionId());
            List<String> paths = owned.stream().sorted().limit(EPHEMERALS_LISTED_MAX).toList();
            Connection c = here.get(session.sessionId());
            JsonObject connection = c == null ? null : new JsonObject()
                    .put("remote_socket_address", c.remoteHost + ":" + c.remotePort)
                    .put("protocol", c instanceof WebSocketConnection ? "websocket" : "zookeeper")
                    .put("established", c.establishedMs)
                    .put("last_operation", c.lastOp)
                    .put("packets_received", c.packetsReceived)
                    .put("packets_sent", c.packetsSent);
            sessions.add(new JsonObject().put("session_id", "0x" + Long.toHexString(session.sessionId()))
                    .put("timeout", session.timeoutMs()).put("ephemeral_count", owned.size())
                    .put("ephemerals", new JsonArray(paths)).put("connection", connection));
        }
        return ok(command("sessions").put("session_count", sorted.size()).put("sessions", sessions));
    }

    /**
     * {@code watches}: ZooKeeper's shape (session id to the paths it watches, as wchc lists them,
     * here from both watch tables), plus {@code kinds}, the kinds of each watch
     * ({@link io.paddock.session.WatchManager#detail}), and whether the list was cut at
     * {@value #WATCHES_LISTED_MAX} watches.
     */
    static JsonObject watches(FourLetterWordOutput.View view) {
        JsonObject watches = new JsonObject();
        JsonObject kinds = new JsonObject();
        int listed = 0;
        for (io.paddock.session.WatchManager.WatcherDetail watcher : view.watches().detail(WATCHES_LISTED_MAX)) {
            String id = "0x" + Long.toHexString(watcher.watcher());
            JsonArray paths = new JsonArray();
            JsonObject byPath = new JsonObject();
            for (io.paddock.session.WatchManager.WatchDetail watch : watcher.watches()) {
                paths.add(watch.path());
                byPath.put(watch.path(), new JsonArray(watch.kinds()));
                listed++;
            }
            watches.put(id, paths);
            kinds.put(id, byPath);
        }
        return ok(command("watches").put("watches", watches).put("kinds", kinds)
                .put("truncated", listed >= WATCHES_LISTED_MAX));
    }

    /** {@code conf}: ZooKeeper's {@code ZooKeeperServerConf} keys, then Paddock's own ports. */
    static JsonObject conf(NodeConfig config, int clientPort, int httpPort, FourLetterWordOutput.DirSizes sizes) {
        return ok(command("configuration")
                .put("client_port", clientPort)
                .put("data_dir", config.dataDir().toAbsolutePath().toString())
                .put("data_dir_size", sizes.dataDirBytes())
                .put("data_log_dir", config.dataLogDir().toAbsolutePath().toString())
                .put("data_log_size", sizes.dataLogDirBytes())
                .put("tick_time", config.tickMs())
                .put("max_client_cnxns", config.maxClientCnxns())
                .put("min_session_timeout", config.minSessionTimeoutMs())
                .put("max_session_timeout", config.maxSessionTimeoutMs())
                .put("server_id", config.standalone() ? 0 : config.serverId())
                .put("client_port_listen_backlog", -1)
                .put("client_port_address", config.clientAddress())
                .put("http_port", httpPort)
                .put("extended_types_enabled", config.extendedTypesEnabled()));
    }

    /**
     * This node's view of the ensemble: its own mode, leader and epoch, and every member from the
     * configuration (a standalone node lists itself, with no peer port). A leader adds, for each
     * other member, what it knows of its replication: acknowledged zxid, lag and whether it is in sync.
     */
    static JsonObject members(NodeConfig config, int clientPort, FourLetterWordOutput.Cluster cluster,
                              List<ReplicaCore.PeerStatus> peers) {
        JsonArray members = new JsonArray();
        if (config.standalone()) {
            members.add(new JsonObject().put("id", config.serverId()).put("host", config.clientAddress())
                    .put("client_port", clientPort).putNull("peer_port").put("role", "participant").put("self", true)
                    .put("leader", true));
        }
        for (Member member : config.members()) {
            JsonObject entry = new JsonObject().put("id", member.id()).put("host", member.host())
                    .put("client_port", member.clientPort()).put("peer_port", member.peerPort())
                    .put("role", member.role().word()).put("self", member.id() == config.serverId())
                    .put("leader", cluster != null && member.id() == cluster.leaderId());
            for (ReplicaCore.PeerStatus peer : peers) {
                if (peer.id() == member.id() && cluster != null) {
                    entry.put("match_zxid", Zxid.hex(peer.matchZxid()))
                            .put("lag_txns", FourLetterWordOutput.Cluster.lagTxns(cluster.lastZxid(), peer.matchZxid()))
                            .put("synced", peer.recentActive() && "REPLICATE".equals(peer.state()))
                            .put("replication_state", peer.state());
                }
            }
            members.add(entry);
        }
        JsonObject body = command("members").put("server_id", config.serverId());
        if (cluster != null) {
            body.put("mode", cluster.mode()).put("serving", cluster.serving()).put("leader_id", cluster.leaderId())
                    .put("epoch", cluster.epoch()).put("last_zxid", Zxid.hex(cluster.lastZxid()));
        }
        return ok(body.put("members", members));
    }

    private static String mode(FourLetterWordOutput.View view) {
        return view.cluster() == null ? "standalone" : view.cluster().mode();
    }
}
