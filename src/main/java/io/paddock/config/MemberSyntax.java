package io.paddock.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Takes apart the two one-line spellings of ensemble members into {@link RawMember}s: ZooKeeper's
 * {@code server.N} lines and Paddock's {@code --members} flag. It checks only the shape of the
 * text; what each field must be is {@link EnsembleResolver}'s business.
 *
 * <ul>
 *   <li>zoo.cfg, ZooKeeper's syntax: {@code server.N=host:quorumPort:electionPort[:participant|:observer]
 *       [;[clientAddress:]clientPort]}. The quorum port becomes the peer port; the election port
 *       is checked and dropped (Paddock uses one peer port per node). ZooKeeper's multi-address
 *       form ({@code host1:p:p|host2:p:p}) is rejected with a message saying so.</li>
 *   <li>The flag: comma-separated {@code id=host:clientPort:peerPort[:participant|:observer]},
 *       fields in the order of {@link Member}'s components.</li>
 * </ul>
 * In both, an IPv6 host is written in brackets ({@code [::1]:2888:3888}), as ZooKeeper writes it.
 * A shape error is reported once, naming the key or entry and the expected form, and yields a
 * {@linkplain RawMember#malformed malformed} entry. Stateless; safe from any thread.
 */
final class MemberSyntax {
    private static final String SERVER_FORM =
            "host:quorumPort:electionPort[:participant|:observer][;[clientAddress:]clientPort]";
    private static final String FLAG_FORM = "id=host:clientPort:peerPort[:participant|:observer]";

    private MemberSyntax() { }

    /** One {@code server.N} line; {@code key} is the whole key, {@code server.N}. */
    static RawMember zooCfgServer(String key, String value, Diagnostics diagnostics) {
        String origin = "zoo.cfg key '" + key + "'";
        String text = value.trim();
        if (text.contains("|")) {
            diagnostics.error(origin + ": '" + text + "' lists several addresses ('|'); Paddock takes one "
                    + SERVER_FORM);
            return RawMember.malformed(origin);
        }
        // As in ZooKeeper, a trailing ';' with nothing after it is allowed and means no client part.
        String[] serverAndClient = text.split(";");
        List<String> server = splitHost(serverAndClient[0].trim());
        List<String> client = serverAndClient.length == 2 ? splitHost(serverAndClient[1].trim()) : List.of();
        boolean shaped = server != null && client != null && serverAndClient.length <= 2
                && server.size() >= 3 && server.size() <= 4 && client.size() <= 2;
        if (!shaped) {
            diagnostics.error(origin + ": '" + text + "' is not of the form " + SERVER_FORM);
            return RawMember.malformed(origin);
        }
        return new RawMember(origin,
                field(origin, "id", key.substring(key.indexOf('.') + 1)),
                field(origin, "host", server.get(0)),
                client.size() == 2 ? field(origin, "client address", client.get(0)) : null,
                client.isEmpty() ? null : field(origin, "client port", client.get(client.size() - 1)),
                field(origin, "quorum port", server.get(1)),
                field(origin, "election port", server.get(2)),
                server.size() == 4 ? field(origin, "type", server.get(3)) : null,
                false);
    }

    /** The {@code --members} flag's value; {@code origin} is {@code flag --members}. */
    static RawMembers flag(String origin, String value, Diagnostics diagnostics) {
        List<RawMember> members = new ArrayList<>();
        String[] entries = value.split(",");
        for (int index = 0; index < entries.length; index++) {
            String entry = entries[index].trim();
            String entryOrigin = origin + "[" + index + "]";
            int equals = entry.indexOf('=');
            List<String> parts = equals < 0 ? null : splitHost(entry.substring(equals + 1).trim());
            if (parts == null || parts.size() < 3 || parts.size() > 4) {
                diagnostics.error(entryOrigin + ": '" + entry + "' is not of the form " + FLAG_FORM);
                members.add(RawMember.malformed(entryOrigin));
                continue;
            }
            members.add(new RawMember(entryOrigin,
                    new RawValue(entryOrigin + ".id", entry.substring(0, equals).trim()),
                    new RawValue(entryOrigin + ".host", parts.get(0)), null,
                    new RawValue(entryOrigin + ".clientPort", parts.get(1)),
                    new RawValue(entryOrigin + ".peerPort", parts.get(2)), null,
                    parts.size() == 4 ? new RawValue(entryOrigin + ".role", parts.get(3)) : null,
                    false));
        }
        return new RawMembers(origin, members, null);
    }

    private static RawValue field(String origin, String name, String text) {
        return new RawValue(origin + " (" + name + ")", text);
    }

    /**
     * Splits {@code host:a:b...} at colons, except inside a leading {@code [IPv6]} literal, whose
     * brackets are dropped. Null when a bracket is not closed by {@code "]:"}.
     */
    static List<String> splitHost(String text) {
        if (!text.startsWith("[")) return Arrays.asList(text.split(":", -1));
        int close = text.indexOf("]:");
        if (close < 0) return null;
        List<String> parts = new ArrayList<>();
        parts.add(text.substring(1, close));
        parts.addAll(Arrays.asList(text.substring(close + 2).split(":", -1)));
        return parts;
    }
}
