package io.paddock.node.tools;

/**
 * One link of the fault proxy: the TCP traffic node {@code from} sends to node {@code to}. The
 * proxy listens on 127.0.0.1:{@code listenPort} (node {@code from}'s config names that port as
 * node {@code to}'s peer port) and forwards to {@code targetHost}:{@code targetPort}, node
 * {@code to}'s real peer port. An immutable value; {@link #parse} is the only way the command
 * line builds one.
 *
 * <p>Invariants: ids are 1..255 and differ; ports are 0..65535 (0, "any free port", only from
 * code: {@link #parse} asks for 1..65535); the host is not empty.
 */
public record LinkSpec(int from, int to, int listenPort, String targetHost, int targetPort) {
    static final String FORMAT = "NAME=LISTEN_PORT:TARGET_HOST:TARGET_PORT with NAME = FROM-TO, e.g. 1-2=21001:127.0.0.1:20004";

    public LinkSpec {
        if (from < 1 || from > 255 || to < 1 || to > 255) {
            throw new IllegalArgumentException("node ids must be in 1..255, got " + from + "-" + to);
        }
        if (from == to) {
            throw new IllegalArgumentException("a link joins two different nodes, got " + from + "-" + to);
        }
        if (listenPort < 0 || listenPort > 65535 || targetPort < 0 || targetPort > 65535) {
            throw new IllegalArgumentException("ports must be in 0..65535");
        }
        if (targetHost == null || targetHost.isEmpty()) {
            throw new IllegalArgumentException("the target host is empty");
        }
    }

    /** "FROM-TO", the name the control protocol and the logs use. */
    public String name() {
        return name(from, to);
    }

    static String name(int from, int to) {
        return from + "-" + to;
    }

    /**
     * Parses {@code NAME=LISTEN_PORT:TARGET_HOST:TARGET_PORT}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static LinkSpec parse(String text) {
        String link = text.strip();
        int equals = link.indexOf('=');
        if (equals < 0) {
            throw bad(text, "no '='");
        }
        String[] ids = link.substring(0, equals).split("-", -1);
        if (ids.length != 2) {
            throw bad(text, "the name must be FROM-TO");
        }
        int from = number(ids[0], 1, 255, "the FROM node id", text);
        int to = number(ids[1], 1, 255, "the TO node id", text);
        String address = link.substring(equals + 1);
        int first = address.indexOf(':');
        int last = address.lastIndexOf(':');
        if (first < 0 || first == last) {
            throw bad(text, "the address must be LISTEN_PORT:TARGET_HOST:TARGET_PORT");
        }
        int listenPort = number(address.substring(0, first), 1, 65535, "the listen port", text);
        String host = address.substring(first + 1, last);
        if (host.isEmpty()) {
            throw bad(text, "the target host is empty");
        }
        int targetPort = number(address.substring(last + 1), 1, 65535, "the target port", text);
        try {
            return new LinkSpec(from, to, listenPort, host, targetPort);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static int number(String digits, int min, int max, String what, String text) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(text, what + " '" + digits + "' is not a number");
        }
        int value = Integer.parseInt(digits);
        if (value < min || value > max) {
            throw bad(text, what + " " + value + " is not in " + min + ".." + max);
        }
        return value;
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("link '" + text + "': " + problem + " (expected " + FORMAT + ")");
    }
}
