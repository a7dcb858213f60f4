package io.paddock.process;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A local Paddock ensemble of real node processes, driven through {@code scripts/cluster.sh} in a
 * {@code CLUSTER_DIR} of its own (node configs, data, logs and pid files under it). It owns the
 * processes that script starts there: {@link #close()} always runs {@code stop}, which ends every
 * recorded pid (paused ones too) and the fault proxy, and nothing else; a shutdown hook does the
 * same if the test JVM exits before that.
 *
 * <p>Used from one test thread at a time (each call runs the script to completion, bounded by
 * {@link #COMMAND_TIMEOUT_S}); the read-only helpers ({@link #fourLetterWord}, {@link #logRecords})
 * may be called from any thread. Invariant: after {@link #start} returns, {@link #connectString()}
 * lists node i's client port i-th, as the script printed it.
 */
public final class LocalCluster implements AutoCloseable {
    /** How long one cluster.sh command may take; start waits {@link #WAIT_S} for a leader inside it. */
    static final long COMMAND_TIMEOUT_S = 120;
    static final int WAIT_S = 60;
    static final Duration AWAIT = Duration.ofSeconds(60);
    private static final Pattern STATUS = Pattern.compile(
            "(\\d+) (leader|follower|observer|standalone) epoch=(\\d+) zxid=0x([0-9a-fA-F]+)");
    private static final Pattern DOWN = Pattern.compile("(\\d+) (not-answering|stopped)(?: \\(paused\\))?");
    /** The line cluster.sh appends to a node's log before each start. */
    private static final String START_MARK = "=== cluster.sh: starting node";
    private static final Pattern REMOTE = Pattern.compile("remoteserver:\\S*:(\\d+)");
    private static final Pattern RECORD = Pattern.compile("^0x([0-9a-fA-F]+) .*");

    /** One run of cluster.sh: its exit code and what it printed. */
    public record Result(int code, String out, String err) {
        /** The last line of stdout, or "" (start prints the connect string there). */
        public String lastLine() {
            List<String> lines = out.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    /**
     * One line of {@code cluster.sh status}: mode is leader, follower, observer or standalone for a
     * node that answered srvr (with its epoch and last zxid), else not-answering or stopped (epoch
     * and zxid -1).
     */
    public record NodeStatus(int id, String mode, long epoch, long zxid, boolean paused) {
        public boolean answering() {
            return epoch >= 0;
        }

        /** As cluster.sh prints it. */
        @Override
        public String toString() {
            return answering() ? id + " " + mode + " epoch=" + epoch + " zxid=0x" + Long.toHexString(zxid)
                    : id + " " + mode + (paused ? " (paused)" : "");
        }
    }

    /** One record of a node's txn log, from {@code paddock.jar log-dump}: its zxid and the whole line. */
    public record LogRecord(long zxid, String line) {
        public long epoch() {
            return zxid >>> 32;
        }
    }

    private final Path dir;
    private final Path work;
    private int nodes;
    private String connect = "";
    /** Stops the cluster if the test JVM exits (a SIGTERM from a build timeout, say) before {@link #close()}. */
    private Thread stopAtExit;

    /**
     * A handle on the cluster directory {@code clusterDir} (created by the script); nothing runs
     * until {@link #start}. The script's stdout and stderr go to temporary files beside it.
     */
    public LocalCluster(Path clusterDir) {
        this.dir = clusterDir.toAbsolutePath();
        this.work = dir.resolveSibling(dir.getFileName() + "-runs");
    }

    /**
     * {@code cluster.sh start participants --observers observers} with {@code extraConfigJson}
     * ({@code "key": value} pairs, may be empty) spliced into every node's config; returns once a
     * leader serves and every node answers, with the connect string.
     */
    public String start(int participants, int observers, String extraConfigJson) {
        List<String> args = new ArrayList<>(List.of("start", Integer.toString(participants)));
        if (observers > 0) {
            args.addAll(List.of("--observers", Integer.toString(observers)));
        }
        if (stopAtExit == null) {
            stopAtExit = new Thread(() -> run("stop"), "stop-cluster-" + dir.getFileName());
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }
        Result started = runWith(Map.of("CLUSTER_EXTRA_CONFIG", extraConfigJson), args.toArray(String[]::new));
        if (started.code() != 0) {
            throw new IllegalStateException("cluster.sh start failed: " + started);
        }
        nodes = participants + observers;
        connect = started.lastLine();
        return connect;
    }

    public String start(int participants) {
        return start(participants, 0, "");
    }

    /** Every node's client address, node i's the i-th. */
    public String connectString() {
        return connect;
    }

    /** Node {@code id}'s client address alone. */
    public String connectString(int id) {
        return "127.0.0.1:" + clientPort(id);
    }

    public int clientPort(int id) {
        return Integer.parseInt(ports().getOrDefault("client." + id, "-1"));
    }

    /**
     * The node a client is connected to now, from the "remoteserver:host/ip:port" its toString
     * names; 0 while it is not connected.
     */
    public int nodeOf(org.apache.zookeeper.ZooKeeper zk) {
        Matcher m = REMOTE.matcher(zk.toString());
        if (!m.find()) {
            return 0;
        }
        int port = Integer.parseInt(m.group(1));
        for (int id = 1; id <= nodes; id++) {
            if (clientPort(id) == port) {
                return id;
            }
        }
        return 0;
    }

    /** The number of nodes started (participants and observers). */
    public int size() {
        return nodes;
    }

    /** The leader's id, from {@code cluster.sh leader}; fails if there is none (or two at one epoch). */
    public int leader() {
        Result leader = run("leader");
        if (leader.code() != 0) {
            throw new IllegalStateException("no single leader: " + leader);
        }
        return Integer.parseInt(leader.out().strip());
    }

    /** The leader's id if {@code cluster.sh leader} names one now. */
    public OptionalInt leaderIfAny() {
        Result leader = run("leader");
        return leader.code() == 0 ? OptionalInt.of(Integer.parseInt(leader.out().strip())) : OptionalInt.empty();
    }

    /** Waits (bounded) for a leader other than {@code previous} (0: any) and returns it. */
    public int awaitLeader(int previous) {
        int[] found = new int[1];
        await("a leader other than " + previous).atMost(AWAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            OptionalInt id = leaderIfAny();
            found[0] = id.orElse(0);
            return id.isPresent() && id.getAsInt() != previous;
        });
        return found[0];
    }

    /** Every node's status line, by id. */
    public Map<Integer, NodeStatus> status() {
        Result status = run("status");
        if (status.code() != 0) {
            throw new IllegalStateException("cluster.sh status failed: " + status);
        }
        Map<Integer, NodeStatus> byId = new TreeMap<>();
        for (String line : status.out().lines().toList()) {
            Matcher up = STATUS.matcher(line);
            Matcher down = DOWN.matcher(line);
            if (up.matches()) {
                int id = Integer.parseInt(up.group(1));
                byId.put(id, new NodeStatus(id, up.group(2), Long.parseLong(up.group(3)),
                        Long.parseUnsignedLong(up.group(4), 16), false));
            } else if (down.matches()) {
                int id = Integer.parseInt(down.group(1));
                byId.put(id, new NodeStatus(id, down.group(2), -1, -1, line.endsWith("(paused)")));
            } else {
                throw new IllegalStateException("unexpected status line '" + line + "' in " + status);
            }
        }
        return byId;
    }

    /**
     * Waits (bounded) until a leader serves and every node in {@code ids} answers on the
     * leader's last zxid: the ensemble has caught up and is idle.
     */
    public void awaitConverged(Set<Integer> ids) {
        AtomicReference<String> lastSeen = new AtomicReference<>("no status yet");
        try {
            await("nodes " + ids + " on one zxid under one leader").atMost(AWAIT).pollInterval(Duration.ofMillis(400))
                    .until(() -> {
                        Map<Integer, NodeStatus> status = status();
                        OptionalInt leader = leaderIfAny();
                        lastSeen.set(status.values() + ", leader " + leader);
                        Set<Long> zxids = new HashSet<>();
                        for (int id : ids) {
                            NodeStatus s = status.get(id);
                            if (s == null || !s.answering()) {
                                return false;
                            }
                            zxids.add(s.zxid());
                        }
                        return zxids.size() == 1 && leader.isPresent();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + lastSeen.get(), e);
        }
    }

    /** {@link #awaitConverged(Set)} over every node. */
    public void awaitConverged() {
        Set<Integer> all = new HashSet<>();
        for (int i = 1; i <= nodes; i++) {
            all.add(i);
        }
        awaitConverged(all);
    }

    public void kill(int id) {
        check(run("kill", Integer.toString(id)));
    }

    public void pause(int id) {
        check(run("pause", Integer.toString(id)));
    }

    public void resume(int id) {
        check(run("resume", Integer.toString(id)));
    }

    /** Starts a killed node again on its data; returns once it answers srvr with a mode. */
    public void restart(int id) {
        check(run("restart", Integer.toString(id)));
    }

    /** Cuts these nodes off from the others, both directions (adds to earlier partitions). */
    public void partition(int... ids) {
        String[] args = new String[ids.length + 1];
        args[0] = "partition";
        for (int i = 0; i < ids.length; i++) {
            args[i + 1] = Integer.toString(ids[i]);
        }
        check(run(args));
    }

    /** Stalls only what {@code from} sends to {@code to}. */
    public void partitionOneWay(int from, int to) {
        check(run("partition", "--oneway", Integer.toString(from), Integer.toString(to)));
    }

    public void heal() {
        check(run("heal"));
    }

    /** The proxy's view of every link. */
    public String links() {
        Result links = run("links");
        check(links);
        return links.out();
    }

    public Path clusterDir() {
        return dir;
    }

    public Path dataDir(int id) {
        return dir.resolve("node" + id).resolve("data");
    }

    /** Node {@code id}'s stdout and stderr, appended across restarts. */
    public Path nodeLog(int id) {
        return dir.resolve("node" + id).resolve("node.log");
    }

    /** The recorded pid of a running node, or -1. */
    public long pid(int id) {
        Path file = dir.resolve("node" + id).resolve("pid");
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node {@code id}'s answer to a four-letter word, or null when it does not answer within 5 s. */
    public String fourLetterWord(int id, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort(id)), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The "Mode:" of node {@code id}'s srvr, or null when it does not answer with one (not serving). */
    public String mode(int id) {
        String srvr = fourLetterWord(id, "srvr");
        if (srvr == null) {
            return null;
        }
        return srvr.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6).strip()).findFirst().orElse(null);
    }

    /**
     * Every record of node {@code id}'s txn log, read from its data directory with
     * {@code paddock.jar log-dump} (a node may be running: the tool only reads).
     */
    public List<LogRecord> logRecords(int id) {
        Result dump = exec(List.of(javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                ProcessNode.jar().toAbsolutePath().toString(), "log-dump", dataDir(id).toString()), Map.of());
        if (dump.code() != 0) {
            throw new IllegalStateException("log-dump of node " + id + " failed: " + dump);
        }
        List<LogRecord> records = new ArrayList<>();
        for (String line : dump.out().lines().toList()) {
            Matcher m = RECORD.matcher(line);
            if (m.matches()) {
                records.add(new LogRecord(Long.parseUnsignedLong(m.group(1), 16), line));
            }
        }
        return records;
    }

    /** The last {@code count} lines of every node's log, for failure reports. */
    public String logTails(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            out.append("---- last ").append(count).append(" lines of ").append(nodeLog(i)).append(" ----\n");
            out.append(tail(nodeLog(i), count)).append('\n');
        }
        Path proxy = dir.resolve("proxy.log");
        out.append("---- last ").append(count).append(" lines of ").append(proxy).append(" ----\n");
        return out.append(tail(proxy, count)).append('\n').toString();
    }

    /** Node {@code id}'s log lines that contain {@code text}, over all its starts. */
    public List<String> logLines(int id, String text) {
        return readLog(id).stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    /** Node {@code id}'s log lines that contain {@code text}, since cluster.sh last started it. */
    public List<String> logLinesSinceStart(int id, String text) {
        List<String> all = readLog(id);
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith(START_MARK)) {
                from = i;
            }
        }
        return all.subList(from, all.size()).stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    private List<String> readLog(int id) {
        try {
            return Files.exists(nodeLog(id)) ? Files.readAllLines(nodeLog(id), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node {@code id}'s snapshot files ({@code snapshot.<zxid>}), by name. */
    public List<String> snapshotFiles(int id) {
        Path dir = dataDir(id).resolve("snapshots");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("snapshot.") && !n.endsWith(".tmp"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code cluster.sh stop}: ends every process of the cluster; fails if the script could not. */
    public void stop() {
        check(run("stop"));
    }

    @Override
    public void close() {
        if (stopAtExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException e) {
                // The JVM is exiting: the hook is running or has run the stop already.
            }
            stopAtExit = null;
        }
        if (Files.exists(dir)) {
            stop();
        }
    }

    // ---- running the script ----

    /** Runs {@code cluster.sh args...} on this cluster's directory and returns what it did. */
    public Result run(String... args) {
        return runWith(Map.of(), args);
    }

    private Result runWith(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("scripts", "cluster.sh").toAbsolutePath().toString()));
        command.addAll(Arrays.asList(args));
        Map<String, String> env = new TreeMap<>(extraEnv);
        env.put("CLUSTER_DIR", dir.toString());
        env.put("PADDOCK_JAR", ProcessNode.jar().toAbsolutePath().toString());
        env.put("CLUSTER_WAIT_S", Integer.toString(WAIT_S));
        return exec(command, env);
    }

    private Result exec(List<String> command, Map<String, String> env) {
        try {
            Files.createDirectories(work);
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " still running after " + COMMAND_TIMEOUT_S + " s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static void check(Result result) {
        if (result.code() != 0) {
            throw new IllegalStateException("cluster.sh failed: " + result);
        }
    }

    /** The script's ports file as key=value pairs (empty before start). */
    public Map<String, String> ports() {
        Path file = dir.resolve("ports");
        Map<String, String> ports = new TreeMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        ports.put(line.substring(0, eq), line.substring(eq + 1).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path file, int count) {
        try {
            if (!Files.exists(file)) {
                return "(no file)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
