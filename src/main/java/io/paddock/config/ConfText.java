package io.paddock.config;

/**
 * Renders a {@link NodeConfig} as the reply to ZooKeeper's {@code conf} four-letter word.
 *
 * <p>The lines, their order and their spelling follow a standalone ZooKeeper 3.9 server, so that
 * monitoring scripts written for ZooKeeper parse Paddock's reply unchanged. Settings Paddock does
 * not have are printed with ZooKeeper's "absent" value ({@code secureClientPort=-1},
 * {@code clientPortListenBacklog=-1}), and {@code serverId} is 0 when standalone, because a
 * standalone ZooKeeper reports 0 whatever its myid; an ensemble member prints its id.
 * Directory sizes are measured by the caller (that is file I/O) and passed in. Directories are
 * printed absolute, as ZooKeeper prints them, resolved against the process's working directory.
 * Pure apart from that resolution; safe from any thread.
 */
public final class ConfText {
    private ConfText() { }

    /** The {@code conf} reply: {@code key=value} lines, each ending in {@code '\n'}. */
    public static String render(NodeConfig config, long dataDirSizeBytes, long dataLogSizeBytes) {
        StringBuilder text = new StringBuilder(384);
        line(text, "clientPort", config.clientPort());
        line(text, "secureClientPort", -1);
        line(text, "dataDir", config.dataDir().toAbsolutePath());
        line(text, "dataDirSize", dataDirSizeBytes);
        line(text, "dataLogDir", config.dataLogDir().toAbsolutePath());
        line(text, "dataLogSize", dataLogSizeBytes);
        line(text, "tickTime", config.tickMs());
        line(text, "maxClientCnxns", config.maxClientCnxns());
        line(text, "minSessionTimeout", config.minSessionTimeoutMs());
        line(text, "maxSessionTimeout", config.maxSessionTimeoutMs());
        line(text, "clientPortListenBacklog", -1);
        line(text, "serverId", config.standalone() ? 0 : config.serverId());
        if (!config.standalone()) {
            ensemble(text, config);
        }
        return text.toString();
    }

    /**
     * A quorum peer's lines, as ZooKeeper prints them after serverId (initLimit, syncLimit, the
     * peer port as quorumPort, peerType 0 participant / 1 observer, then the membership); there is
     * no election port nor election algorithm to report (Paddock uses its peer port for both).
     */
    private static void ensemble(StringBuilder text, NodeConfig config) {
        line(text, "initLimit", config.initLimit());
        line(text, "syncLimit", config.syncLimit());
        Member self = config.self();
        line(text, "quorumPort", self.peerPort());
        line(text, "peerType", self.isParticipant() ? 0 : 1);
        text.append("membership: \n");
        for (Member member : config.members()) {
            text.append("server.").append(member.id()).append('=').append(member.host()).append(':')
                    .append(member.peerPort()).append(':').append(member.role().word()).append(';')
                    .append(member.clientPort()).append('\n');
        }
    }

    private static void line(StringBuilder text, String key, Object value) {
        text.append(key).append('=').append(value).append('\n');
    }
}
