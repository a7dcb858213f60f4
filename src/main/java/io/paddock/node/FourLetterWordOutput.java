package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.model.Zxid;
import io.paddock.session.WatchManager;
import io.paddock.tree.DataTree;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of ZooKeeper's four-letter words, in the shapes monitoring scripts parse
 * (zk-protocol.md section 13). Pure rendering from a {@link View} taken on the event loop.
 */
final class FourLetterWordOutput {
    static final String VERSION = "3.9.5-paddock-0.1.0, built on 2026-11-25 00:00 UTC";

    private FourLetterWordOutput() {}

    /** What the words report, captured on the event loop. */
    record View(DataTree tree, ServerStats stats, List<Connection> connections, WatchManager watches,
                int outstanding, Cluster cluster) {}

    /**
     * The node's place in the ensemble, for srvr/stat/mntr: ZooKeeper's mode word, the epoch, and
     * for a leader its followers (voters) and observers, how many of each are in sync (replicating
     * and heard from within the election timeout), and each one's lag in txns.
     */
    record Cluster(String mode, boolean serving, long epoch, int leaderId, int followers, int syncedFollowers,
                   int observers, int syncedObservers, long maxLagTxns, long lastZxid) {
        static Cluster of(ClusterSettings settings, io.paddock.replica.Replica replica) {
            io.paddock.replica.ReplicaReady.Status status = replica.status();
            String mode = settings.standalone() ? "standalone" : switch (status.role()) {
                case LEADING -> "leader";
                case FOLLOWING -> "follower";
                case OBSERVING -> "observer";
                case LOOKING -> "looking";
            };
            int followers = 0;
            int synced = 0;
            int observers = 0;
            int syncedObservers = 0;
            long maxLag = 0;
            long last = replica.core().lastZxid();
            for (io.paddock.consensus.ReplicaCore.PeerStatus peer : replica.core().peerStatus()) {
                boolean inSync = peer.recentActive() && "REPLICATE".equals(peer.state());
                if (peer.voter()) {
                    followers++;
                    synced += inSync ? 1 : 0;
                } else {
                    observers++;
                    syncedObservers += inSync ? 1 : 0;
                }
                maxLag = Math.max(maxLag, lagTxns(last, peer.matchZxid()));
            }
            return new Cluster(mode, status.serving(), status.epoch(), status.leaderId(), followers, synced, observers,
                    syncedObservers, maxLag, last);
        }

        /** Txns a peer that acknowledged {@code matchZxid} lacks of {@code last}; one of an older epoch lacks all of it. */
        static long lagTxns(long last, long matchZxid) {
            return Zxid.epoch(matchZxid) == Zxid.epoch(last) ? Zxid.counter(last) - Zxid.counter(matchZxid)
                    : Zxid.counter(last) + 1;
        }
    }

    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";

    /** Directory sizes, measured on a worker for conf and dirs. */
    record DirSizes(long dataDirBytes, long dataLogDirBytes) {}

    /** Renders {@code command} (measuring directory sizes on a worker when it needs them) and ends the socket with it. */
    static void answer(io.vertx.core.Vertx vertx, NodeConfig config, io.vertx.core.net.NetSocket socket, String command,
                       View view) {
        io.vertx.core.Future<DirSizes> sizes = needsDirSizes(command)
                ? vertx.executeBlocking(() -> new DirSizes(DirectorySize.of(config.dataDir()),
                        DirectorySize.of(config.dataLogDir())), false)
                : io.vertx.core.Future.succeededFuture(new DirSizes(0, 0));
        sizes.onComplete(result -> {
            DirSizes measured = result.succeeded() ? result.result() : new DirSizes(-1, -1);
            socket.end(io.vertx.core.buffer.Buffer.buffer(render(command, config, view, measured)));
        });
    }

    static boolean needsDirSizes(String command) {
        return "conf".equals(command) || "dirs".equals(command) || "mntr".equals(command);
    }

    static String render(String command, NodeConfig config, View view, DirSizes sizes) {
        if (!"srvr".equals(command) && !config.fourLetterWordWhitelist().contains(command)) {
            return command + " is not executed because it is not in the whitelist.\n";
        }
        return switch (command) {
            case "ruok" -> "imok";
            case "srvr" -> srvr(view, false);
            case "stat" -> srvr(view, true);
            case "mntr" -> mntr(view, sizes);
            case "conf" -> io.paddock.config.ConfText.render(config, sizes.dataDirBytes(), sizes.dataLogDirBytes());
            case "cons" -> cons(view);
            case "crst" -> {
                view.connections().forEach(Connection::resetStats);
                yield "Connection stats reset.\n";
            }
            case "srst" -> {
                view.stats().reset();
                yield "Server stats reset.\n";
            }
            case "envi" -> envi();
            case "wchs" -> view.watches().wchs();
            case "wchc" -> view.watches().wchc();
            case "wchp" -> view.watches().wchp();
            case "dump" -> dump(view);
            case "isro" -> "rw";
            case "dirs" -> "datadir_size: " + sizes.dataDirBytes() + "\nlogdir_size: " + sizes.dataLogDirBytes() + "\n";
            case "gtmk" -> "0\n";
            case "stmk" -> "0\n";
            case "hash" -> "Digest in hex: " + Long.toHexString(view.tree().digest()) + ", zxid: "
                    + Zxid.hex(view.tree().lastZxid()) + "\n";
            default -> command + " is not executed because it is not in the whitelist.\n";
        };
    }

    private static String srvr(View view, boolean withClients) {
        if (view.cluster() != null && !view.cluster().serving()) {
            return NOT_SERVING;
        }
        ServerStats stats = view.stats();
        StringBuilder out = new StringBuilder(256);
        out.append("Zookeeper version: ").append(VERSION).append('\n');
        if (withClients) {
            out.append("Clients:\n");
            for (Connection connection : view.connections()) {
                out.append(' ').append(connectionLine(connection, false)).append('\n');
            }
            out.append('\n');
        }
        out.append("Latency min/avg/max: ").append(stats.minLatencyMs()).append('/')
                .append(String.format("%.4f", stats.avgLatencyMs())).append('/').append(stats.latencyMaxMs).append('\n');
        out.append("Received: ").append(stats.packetsReceived).append('\n');
        out.append("Sent: ").append(stats.packetsSent).append('\n');
        out.append("Connections: ").append(view.connections().size()).append('\n');
        out.append("Outstanding: ").append(view.outstanding()).append('\n');
        out.append("Zxid: ").append(Zxid.hex(view.tree().lastZxid())).append('\n');
        out.append("Mode: ").append(view.cluster() == null ? "standalone" : view.cluster().mode()).append('\n');
        out.append("Node count: ").append(view.tree().nodeCount()).append('\n');
        return out.toString();
    }

    private static String connectionLine(Connection c, boolean full) {
        StringBuilder out = new StringBuilder(128);
        out.append('/').append(c.remoteHost).append(':').append(c.remotePort).append("[1](queued=")
                .append(c.pipeline.size()).append(",recved=").append(c.packetsReceived).append(",sent=")
                .append(c.packetsSent);
        if (full) {
            long avg = c.latencyCount == 0 ? 0 : c.latencyTotalMs / c.latencyCount;
            out.append(",sid=0x").append(Long.toHexString(c.sessionId)).append(",lop=").append(c.lastOp)
                    .append(",est=").append(c.establishedMs).append(",to=").append(c.timeoutMs)
                    .append(",lcxid=0x").append(Long.toHexString(c.lastCxid))
                    .append(",lzxid=0x").append(Long.toHexString(c.lastZxid))
                    .append(",lresp=").append(c.lastResponseMs).append(",llat=").append(c.lastLatencyMs)
                    .append(",minlat=").append(c.latencyCount == 0 ? 0 : c.latencyMinMs)
                    .append(",avglat=").append(avg).append(",maxlat=").append(c.latencyMaxMs);
        }
        return out.append(')').toString();
    }

    private static String cons(View view) {
        StringBuilder out = new StringBuilder();
        for (Connection connection : view.connections()) {
            out.append(' ').append(connectionLine(connection, true)).append('\n');
        }
        return out.append('\n').toString();
    }

    private static String mntr(View view, DirSizes sizes) {
        StringBuilder out = new StringBuilder();
        mntrValues(view, sizes).forEach((k, v) -> out.append("zk_").append(k).append('\t')
                .append(v instanceof Double d ? String.format("%.4f", d) : v).append('\n'));
        return out.toString();
    }

    /** The mntr figures by key (without ZooKeeper's {@code zk_} prefix), in mntr's order; avg_latency is a Double. */
    static Map<String, Object> mntrValues(View view, DirSizes sizes) {
        ServerStats stats = view.stats();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("server_state", view.cluster() == null ? "standalone" : view.cluster().mode());
        m.put("avg_latency", stats.avgLatencyMs());
        m.put("max_latency", stats.latencyMaxMs);
        m.put("min_latency", stats.minLatencyMs());
        m.put("packets_received", stats.packetsReceived);
        m.put("packets_sent", stats.packetsSent);
        m.put("num_alive_connections", view.connections().size());
        m.put("outstanding_requests", view.outstanding());
        m.put("znode_count", view.tree().nodeCount());
        m.put("watch_count", view.watches().watchCount());
        m.put("ephemerals_count", view.tree().ephemeralCount());
        m.put("approximate_data_size", view.tree().approximateDataSize());
        m.put("open_file_descriptor_count", -1);
        m.put("max_file_descriptor_count", -1);
        m.put("uptime", System.currentTimeMillis() - stats.startedMs);
        m.put("global_sessions", view.tree().sessionCount());
        m.put("local_sessions", 0);
        m.put("connection_drop_probability", 0);
        m.put("auth_failed_count", stats.authFailed);
        m.put("last_proposal_size", -1);
        m.put("event_loop_lag_max_ms", stats.eventLoopLagMaxMs);
        Cluster cluster = view.cluster();
        if (cluster != null && "leader".equals(cluster.mode())) {
            m.put("learners", cluster.followers() + cluster.observers());
            m.put("synced_followers", cluster.syncedFollowers());
            m.put("synced_non_voting_followers", 0);
            m.put("synced_observers", cluster.syncedObservers());
            m.put("followers", cluster.followers());
            m.put("max_follower_lag_txns", cluster.maxLagTxns());
        }
        if (cluster != null) {
            m.put("epoch", cluster.epoch());
            m.put("leader_id", cluster.leaderId());
        }
        m.put("data_dir_size", sizes.dataDirBytes());
        m.put("log_dir_size", sizes.dataLogDirBytes());
        return m;
    }

    private static String envi() {
        StringBuilder out = new StringBuilder("Environment:\n");
        out.append("zookeeper.version=").append(VERSION).append('\n');
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        out.append("host.name=").append(host).append('\n');
        for (String key : new String[] {"java.version", "java.vendor", "java.home", "java.class.path",
                "java.library.path", "java.io.tmpdir", "os.name", "os.arch", "os.version", "user.name",
                "user.home", "user.dir"}) {
            out.append(key).append('=').append(System.getProperty(key, "<NA>")).append('\n');
        }
        Runtime runtime = Runtime.getRuntime();
        out.append("os.memory.free=").append(runtime.freeMemory() / (1024 * 1024)).append("MB\n");
        out.append("os.memory.max=").append(runtime.maxMemory() / (1024 * 1024)).append("MB\n");
        out.append("os.memory.total=").append(runtime.totalMemory() / (1024 * 1024)).append("MB\n");
        return out.toString();
    }

    private static String dump(View view) {
        StringBuilder out = new StringBuilder("SessionTracker dump:\n");
        out.append("Global Sessions(").append(view.tree().sessionCount()).append("):\n");
        Map<Long, Integer> sessions = new TreeMap<>();
        for (io.paddock.tree.SessionInfo session : view.tree().sessions()) {
            sessions.put(session.sessionId(), session.timeoutMs());
        }
        sessions.forEach((id, timeoutMs) -> out.append("0x").append(Long.toHexString(id)).append('\t').append(timeoutMs)
                .append("ms\n"));
        out.append("ephemeral nodes dump:\n");
        Map<Long, List<String>> bySession = new TreeMap<>();
        for (long id : sessions.keySet()) {
            java.util.Collection<String> paths = view.tree().ephemeralsOf(id);
            if (!paths.isEmpty()) {
                bySession.put(id, new java.util.ArrayList<>(new java.util.TreeSet<>(paths)));
            }
        }
        out.append("Sessions with Ephemerals (").append(bySession.size()).append("):\n");
        bySession.forEach((id, paths) -> {
            out.append("0x").append(Long.toHexString(id)).append(":\n");
            paths.forEach(p -> out.append('\t').append(p).append('\n'));
        });
        out.append("Connections dump:\n");
        out.append("Connections Sets (1)/(").append(view.connections().size()).append("):\n");
        for (Connection c : view.connections()) {
            out.append("0x").append(Long.toHexString(c.sessionId)).append('\n');
        }
        return out.toString();
    }
}
