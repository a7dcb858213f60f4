package io.paddock.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the raw ensemble members into validated {@link Member}s and checks the ensemble as a
 * whole: unique ids in 1..254, no two endpoints on one host and port, at least one participant,
 * this node's id among the members, zoo.cfg's {@code peerType} agreeing with this node's line,
 * and the node's own client port and address agreeing with its member's.
 *
 * <p>Every problem goes to {@link Diagnostics}, one line each, naming the member field it is
 * about ({@code members[2].peerPort: '70000' is not in 1..65535}). Single-use and confined to
 * the thread running {@link ConfigLoader#load}. Invariant: when {@link #valid} is false an error
 * has been reported for the members, and the checks that need the whole list (the cross-member
 * checks, this node's membership) are skipped, so that one mistake is not reported twice. The
 * calls come in this order: {@link #resolve}, {@link #checkSelf} once the server id is known,
 * then {@link #clientAddress}, {@link #clientPort} and {@link #members}, which use this node's
 * member as {@code checkSelf} found it.
 */
final class EnsembleResolver {
    private static final int PORT_MAX = 65_535;

    private final RawMembers raw;
    private final Diagnostics diagnostics;
    /** The entry each valid member came from, for messages that name its fields. */
    private final Map<Integer, RawMember> rawById = new HashMap<>();
    private final List<Member> members = new ArrayList<>();
    /** Every listening endpoint ({@code host:port}, host in lower case) and the field that claimed it. */
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private boolean valid = true;
    /** This node's member once {@link #checkSelf} found it; null before, or when it is not a valid member. */
    private Member self;

    private EnsembleResolver(RawMembers raw, Diagnostics diagnostics) {
        this.raw = raw;
        this.diagnostics = diagnostics;
    }

    /** Parses and checks {@code value} (the raw {@link Setting#MEMBERS}, or null when none was given). */
    static EnsembleResolver resolve(RawValue value, Diagnostics diagnostics) {
        RawMembers raw = value == null ? new RawMembers("members", List.of(), null) : value.members();
        EnsembleResolver resolver = new EnsembleResolver(raw, diagnostics);
        resolver.resolveMembers();
        return resolver;
    }

    /** True when members were written, even if some of them are wrong: the node is not standalone. */
    boolean configured() {
        return !raw.members().isEmpty();
    }

    /**
     * The valid members in the order written, meaningful only when no error was reported. This
     * node's own member, when its entry gave no client port, carries {@code clientPort} (the
     * node's resolved one), as ZooKeeper fills it in; another member's unknown port stays 0.
     */
    List<Member> members(int clientPort) {
        List<Member> result = new ArrayList<>(members.size());
        for (Member member : members) {
            boolean fill = valid && member == self && member.clientPort() == 0 && clientPort != 0;
            if (fill) {
                claim(member.host(), clientPort, "this server's clientPort " + clientPort);
                member = new Member(member.id(), member.host(), clientPort, member.peerPort(), member.role());
            }
            result.add(member);
        }
        return List.copyOf(result);
    }

    private void resolveMembers() {
        for (RawMember entry : raw.members()) {
            Member member = member(entry);
            if (member == null) {
                valid = false;
                continue;
            }
            RawMember earlier = rawById.putIfAbsent(member.id(), entry);
            if (earlier != null) {
                valid = false;
                diagnostics.error(earlier.origin() + " and " + entry.origin() + " both have id " + member.id());
                continue;
            }
            members.add(member);
        }
        if (raw.peerType() != null && !configured()) {
            diagnostics.warning(raw.peerType().origin() + " is ignored: without server.N lines the node runs standalone");
        }
        if (!valid || members.isEmpty()) return;
        checkEndpoints();
        checkParticipants();
    }

    /** One member's fields, or null after reporting every field that is wrong or missing. */
    private Member member(RawMember entry) {
        if (entry.malformed()) return null;
        Integer id = required(entry, entry.id(), "id")
                ? Values.integer(entry.id(), 1, NodeConfig.MAX_SERVER_ID, diagnostics) : null;
        String host = required(entry, entry.host(), "host") ? host(entry.host()) : null;
        Integer clientPort = entry.clientPort() == null
                ? Integer.valueOf(0) : Values.integer(entry.clientPort(), 0, PORT_MAX, diagnostics);
        Integer peerPort = required(entry, entry.peerPort(), "peerPort")
                ? Values.integer(entry.peerPort(), 1, PORT_MAX, diagnostics) : null;
        // Checked so that a typo in the unused election port is still caught, then dropped.
        boolean electionPortValid = entry.electionPort() == null
                || Values.integer(entry.electionPort(), 1, PORT_MAX, diagnostics) != null;
        boolean clientAddressValid = entry.clientAddress() == null || host(entry.clientAddress()) != null;
        MemberRole role = entry.role() == null ? MemberRole.PARTICIPANT : role(entry.role());
        boolean complete = id != null && host != null && clientPort != null && peerPort != null && role != null;
        if (!complete || !electionPortValid || !clientAddressValid) return null;
        return new Member(id, host, clientPort, peerPort, role);
    }

    private boolean required(RawMember entry, RawValue field, String name) {
        if (field != null) return true;
        diagnostics.error(entry.origin() + ": " + name + " is missing");
        return false;
    }

    /** A host name or address; brackets around an IPv6 literal are dropped, as the member keeps none. */
    private String host(RawValue value) {
        String text = value.text().trim();
        boolean bracketed = text.length() > 2 && text.startsWith("[") && text.endsWith("]");
        String host = bracketed ? text.substring(1, text.length() - 1) : text;
        if (!host.isEmpty() && host.chars().noneMatch(Character::isWhitespace)) return host;
        Values.report(value, "is not a host name or address", diagnostics);
        return null;
    }

    private MemberRole role(RawValue value) {
        Optional<MemberRole> role = MemberRole.parse(value.text());
        if (role.isEmpty()) Values.report(value, "is not participant or observer", diagnostics);
        return role.orElse(null);
    }

    /** No two listening sockets of the ensemble may be the same host and port. */
    private void checkEndpoints() {
        for (Member member : members) {
            RawMember entry = rawById.get(member.id());
            claim(member.host(), member.peerPort(), entry.peerPort().origin());
            if (member.clientPort() != 0) claim(member.host(), member.clientPort(), entry.clientPort().origin());
        }
    }

    private void claim(String host, int port, String origin) {
        String endpoint = (host.contains(":") ? "[" + host + "]" : host).toLowerCase(Locale.ROOT) + ":" + port;
        String earlier = endpoints.putIfAbsent(endpoint, origin);
        if (earlier != null) {
            valid = false;
            diagnostics.error(earlier + " and " + origin + " are both " + endpoint);
        }
    }

    private void checkParticipants() {
        long participants = members.stream().filter(Member::isParticipant).count();
        if (participants == 0) {
            valid = false;
            diagnostics.error(raw.origin() + ": every member is an observer; at least one must be a participant");
        } else if (participants % 2 == 0) {
            diagnostics.warning(raw.origin() + ": " + participants + " participants survive no more failures than "
                    + (participants - 1) + " would; an odd number is usual");
        }
    }

    /**
     * Checks that {@code serverId} (from {@code origin}) is a member, and that zoo.cfg's
     * {@code peerType}, if given, agrees with that member's role.
     */
    void checkSelf(int serverId, String origin) {
        if (!valid || members.isEmpty()) return;
        RawMember entry = rawById.get(serverId);
        if (entry == null) {
            valid = false;
            diagnostics.error("serverId " + serverId + " (" + origin + ") is not the id of any member "
                    + rawById.keySet().stream().sorted().toList());
            return;
        }
        self = members.stream().filter(member -> member.id() == serverId).findFirst().orElseThrow();
        if (raw.peerType() == null) return;
        MemberRole stated = role(raw.peerType());
        MemberRole listed = self.role();
        if (stated != null && stated != listed) {
            Values.report(raw.peerType(), "disagrees with " + entry.origin() + ", which makes server " + serverId
                    + (listed == MemberRole.OBSERVER ? " an " : " a ") + listed.word(), diagnostics);
        }
    }

    /**
     * The node's client port: {@code given} (the top-level setting, {@code value} parsed) when
     * there is one, else this node's member's client port when it is known, else {@code value}
     * (the default). A given port that differs from a known member port is an error.
     */
    int clientPort(RawValue given, int value) {
        if (self == null || self.clientPort() == 0) return value;
        if (given == null) return self.clientPort();
        if (value != self.clientPort()) {
            diagnostics.error("clientPort " + value + " (" + given.origin() + ") differs from this server's client port "
                    + self.clientPort() + " (" + rawById.get(self.id()).clientPort().origin() + ")");
        }
        return value;
    }

    /** As {@link #clientPort}, for the client address a zoo.cfg line may give ({@code ;address:port}). */
    String clientAddress(RawValue given, String value) {
        RawValue listed = self == null ? null : rawById.get(self.id()).clientAddress();
        if (listed == null) return value;
        String address = listed.text().trim();
        if (given == null) return address;
        if (!value.equalsIgnoreCase(address)) {
            diagnostics.error("clientAddress " + value + " (" + given.origin() + ") differs from this server's client address "
                    + address + " (" + listed.origin() + ")");
        }
        return value;
    }
}
