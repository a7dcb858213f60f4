package io.paddock.cli;

import io.paddock.model.Acl;
import io.paddock.model.EventType;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import io.paddock.model.Stat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * The cli's text formats, in zkCli's shapes where zkCli has one: Stat lines (its
 * {@code StatPrinter}), ACL lines ({@code 'world,'anyone} then {@code : cdrwa}), ACL parsing
 * ({@code scheme:id:perms,...}) and watch event names. Stateless.
 */
final class Text {
    private Text() {}

    /** zkCli's Stat block: one {@code name = value} line per field; times as {@link Date#toString()}. */
    static void printStat(PrintWriter out, Stat s) {
        out.println("cZxid = 0x" + Long.toHexString(s.czxid()));
        out.println("ctime = " + new Date(s.ctime()));
        out.println("mZxid = 0x" + Long.toHexString(s.mzxid()));
        out.println("mtime = " + new Date(s.mtime()));
        out.println("pZxid = 0x" + Long.toHexString(s.pzxid()));
        out.println("cversion = " + s.cversion());
        out.println("dataVersion = " + s.version());
        out.println("aclVersion = " + s.aversion());
        out.println("ephemeralOwner = 0x" + Long.toHexString(s.ephemeralOwner()));
        out.println("dataLength = " + s.dataLength());
        out.println("numChildren = " + s.numChildren());
    }

    /** zkCli's getAcl lines: {@code 'scheme,'id} then {@code : perms}, per entry. */
    static void printAcls(PrintWriter out, List<Acl> acls) {
        for (Acl a : acls) {
            out.println("'" + a.id().scheme() + ",'" + a.id().id());
            out.println(": " + permString(a.perms()));
        }
    }

    /** Permission bits as zkCli writes them, in the order c, d, r, w, a. */
    static String permString(int perms) {
        StringBuilder p = new StringBuilder();
        if ((perms & Perms.CREATE) != 0) {
            p.append('c');
        }
        if ((perms & Perms.DELETE) != 0) {
            p.append('d');
        }
        if ((perms & Perms.READ) != 0) {
            p.append('r');
        }
        if ((perms & Perms.WRITE) != 0) {
            p.append('w');
        }
        if ((perms & Perms.ADMIN) != 0) {
            p.append('a');
        }
        return p.toString();
    }

    /**
     * Parses zkCli's ACL text: comma-separated {@code scheme:id:perms}, the id running to the
     * last colon (so {@code digest:user:hash:cdrwa} works) and the perms drawn from
     * {@code cdrwa}. Every bad entry is named in the exception's message.
     */
    static List<Acl> parseAcls(String text) {
        List<Acl> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String entry : text.split(",")) {
            int first = entry.indexOf(':');
            int last = entry.lastIndexOf(':');
            if (first < 0 || first == last) {
                problems.add("'" + entry + "' does not have the form scheme:id:perm");
                continue;
            }
            int perms = parsePerms(entry.substring(last + 1));
            if (perms < 0) {
                problems.add("'" + entry + "' has permissions other than c, d, r, w, a");
                continue;
            }
            out.add(new Acl(perms, new Id(entry.substring(0, first), entry.substring(first + 1, last))));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return Collections.unmodifiableList(out);
    }

    /** The bits of a {@code cdrwa} string, -1 for any other character. */
    static int parsePerms(String s) {
        int perms = 0;
        for (char c : s.toCharArray()) {
            switch (c) {
                case 'c' -> perms |= Perms.CREATE;
                case 'd' -> perms |= Perms.DELETE;
                case 'r' -> perms |= Perms.READ;
                case 'w' -> perms |= Perms.WRITE;
                case 'a' -> perms |= Perms.ADMIN;
                default -> {
                    return -1;
                }
            }
        }
        return perms;
    }

    /** ZooKeeper's {@code Watcher.Event.EventType} names for the types a server sends. */
    static String eventName(int type) {
        return switch (type) {
            case EventType.NONE -> "None";
            case EventType.NODE_CREATED -> "NodeCreated";
            case EventType.NODE_DELETED -> "NodeDeleted";
            case EventType.NODE_DATA_CHANGED -> "NodeDataChanged";
            case EventType.NODE_CHILDREN_CHANGED -> "NodeChildrenChanged";
            default -> "EventType(" + type + ")";
        };
    }

    /** A znode's data as text (UTF-8; null data prints as an empty line). */
    static String data(byte[] data) {
        return data == null ? "" : new String(data, StandardCharsets.UTF_8);
    }
}
