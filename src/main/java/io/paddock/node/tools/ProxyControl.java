package io.paddock.node.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fault proxy's control language: one command line in, the reply text out, whose last line
 * starts with "ok" or "error" (a {@code status} reply has one line per link before it). Commands:
 * {@code stall FROM TO}, {@code open FROM TO}, {@code reset FROM TO}, {@code partition ID...}
 * (stall every link between the set and the other nodes, both directions; links already stalled
 * stay so, so partitions add up until {@code heal}), {@code heal} (open every link),
 * {@code status}, {@code quit}. A bad command changes nothing and gets "error ...".
 *
 * <p>Runs on the proxy verticle's event loop, like the links it drives. Holds no state of its
 * own beyond the links and whether {@code quit} was asked.
 */
final class ProxyControl {
    static final String COMMANDS = "stall FROM TO, open FROM TO, reset FROM TO, partition ID..., heal, status, quit";

    private final Map<String, ProxyLink> links;
    private final Set<Integer> nodes = new TreeSet<>();
    private boolean quit;

    /** @param links by name ("1-2"), in the order status lists them */
    ProxyControl(Map<String, ProxyLink> links) {
        this.links = links;
        links.values().forEach(link -> {
            nodes.add(link.spec().from());
            nodes.add(link.spec().to());
        });
    }

    /** True once a {@code quit} was answered. */
    boolean quitRequested() {
        return quit;
    }

    /** Runs one command line; returns the reply, without a trailing newline. */
    String execute(String line) {
        if (line.isBlank()) {
            return "error empty command (commands: " + COMMANDS + ")";
        }
        List<String> words = List.of(line.strip().split("\\s+"));
        try {
            return switch (words.get(0)) {
                case "stall" -> onLink(words, ProxyLink::stall, "stalled", "was already stalled");
                case "open" -> onLink(words, ProxyLink::open, "open", "was already open");
                case "reset" -> reset(words);
                case "partition" -> partition(words.subList(1, words.size()));
                case "heal" -> heal(words);
                case "status" -> status(words);
                case "quit" -> quit(words);
                default -> "error unknown command '" + words.get(0) + "' (commands: " + COMMANDS + ")";
            };
        } catch (IllegalArgumentException e) {
            return "error " + e.getMessage();
        }
    }

    private interface LinkAction {
        boolean apply(ProxyLink link);
    }

    private String onLink(List<String> words, LinkAction action, String done, String already) {
        ProxyLink link = link(words);
        boolean changed = action.apply(link);
        return "ok " + link.name() + " " + done + (changed ? "" : " (" + already + ")");
    }

    private String reset(List<String> words) {
        ProxyLink link = link(words);
        return "ok " + link.name() + " reset, " + link.reset() + " connection(s) closed";
    }

    private String partition(List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("partition needs node ids, e.g. 'partition 1' or 'partition 1 2'");
        }
        Set<Integer> side = new TreeSet<>();
        for (String id : ids) {
            side.add(node(id));
        }
        if (side.containsAll(nodes)) {
            throw new IllegalArgumentException("partition " + join(side) + " leaves no node on the other side");
        }
        List<String> stalled = new ArrayList<>();
        for (ProxyLink link : links.values()) {
            if (side.contains(link.spec().from()) != side.contains(link.spec().to())) {
                link.stall();
                stalled.add(link.name());
            }
        }
        return "ok partitioned " + join(side) + " from the other nodes: stalled " + String.join(" ", stalled);
    }

    private String heal(List<String> words) {
        noArguments(words);
        int opened = 0;
        for (ProxyLink link : links.values()) {
            opened += link.open() ? 1 : 0;
        }
        return "ok healed: " + opened + " stalled link(s) opened, all " + links.size() + " open";
    }

    private String status(List<String> words) {
        noArguments(words);
        StringBuilder reply = new StringBuilder();
        links.values().forEach(link -> reply.append(link.statusLine()).append('\n'));
        long stalled = links.values().stream().filter(l -> l.state() == ProxyLink.State.STALLED).count();
        return reply.append("ok ").append(links.size()).append(" link(s), ").append(stalled).append(" stalled").toString();
    }

    private String quit(List<String> words) {
        noArguments(words);
        quit = true;
        return "ok quitting";
    }

    private ProxyLink link(List<String> words) {
        if (words.size() != 3) {
            throw new IllegalArgumentException(words.get(0) + " needs FROM TO, e.g. '" + words.get(0) + " 1 2'");
        }
        String name = LinkSpec.name(node(words.get(1)), node(words.get(2)));
        ProxyLink link = links.get(name);
        if (link == null) {
            throw new IllegalArgumentException("no link " + name + " (links: " + String.join(" ", links.keySet()) + ")");
        }
        return link;
    }

    private int node(String id) {
        int value;
        try {
            value = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + id + "' is not a node id");
        }
        if (!nodes.contains(value)) {
            throw new IllegalArgumentException("no node " + value + " (nodes: " + join(nodes) + ")");
        }
        return value;
    }

    private static void noArguments(List<String> words) {
        if (words.size() != 1) {
            throw new IllegalArgumentException(words.get(0) + " takes no arguments");
        }
    }

    private static String join(Collection<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
