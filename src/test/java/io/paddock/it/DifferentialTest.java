package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded random sequence of client operations against a real ZooKeeper 3.9.5 server
 * (started here from the zookeeper jar) and against Paddock, comparing every return value,
 * error code, child list and Stat field (times excluded; zxids compared relative to the start
 * of the run; session ids mapped to the client that owns them). Any difference fails with the
 * seed and the first differing step. Replay a seed with {@code -Ddiff.seed=N}.
 *
 * <p>Sessions add digest identities as they go (several per addAuth step, repeats and the super
 * user included) and create nodes with ACLs holding {@code auth} entries, so getACL and whoAmI
 * compare the order in which ZooKeeper expands and lists a connection's identities, across
 * its id table's resizes.
 */
class DifferentialTest {
    private static final int SESSIONS = 3;
    /** Sessions per run, one connect string each. */
    static final int SESSIONS_PER_RUN = SESSIONS;
    private static final int OPS = Integer.getInteger("diff.ops", 3000);
    private static final String[] NAMES = {"a", "b", "c"};
    /** Digest users u0..u39 (password "pw") that sessions pick from; enough to grow the id table twice. */
    private static final int USERS = 40;
    private static final String SUPER_PROPERTY = "zookeeper.DigestAuthenticationProvider.superDigest";
    private static final String SUPER_CREDENTIALS = "diff-super:diff-super-pw";
    /**
     * The reference server reads its super digest once, when DigestAuthenticationProvider loads,
     * which an earlier test class in the same JVM may already have caused: the pom sets the
     * property for every surefire JVM, and this fallback covers a run of this class alone.
     */
    private static final String SUPER_DIGEST = superDigestProperty();

    @TempDir
    Path dir;

    @Test
    void paddockAnswersLikeZooKeeper() {
        // A server that stops answering would leave a client call waiting for ever: bound the run,
        // generously (a 3,000-op run takes about 20 s).
        assertTimeoutPreemptively(Duration.ofSeconds(120 + OPS / 20), this::compareRandomRuns);
    }

    private void compareRandomRuns() throws Exception {
        try (TestNode paddock = startPaddock()) {
            compareWithZooKeeper(dir.resolve("zk").toFile(), sameServer(paddock.connectString()), false);
        }
    }

    /** One connect string per session, all {@code connect}. */
    static String[] sameServer(String connect) {
        String[] connects = new String[SESSIONS];
        java.util.Arrays.fill(connects, connect);
        return connects;
    }

    /**
     * Runs the seeded sequence against a reference ZooKeeper (data in {@code zkDir}) and against
     * Paddock with session i connected to {@code paddockConnects[i]}, and asserts the traces are
     * equal step for step. With {@code syncOnSwitch} a session syncs before each step that follows
     * another session's (on both servers, so the sequences stay the same): on an ensemble, where
     * reads are served by the session's own node, it is what makes one session see the writes
     * another acknowledged just before, as a standalone server's single copy does.
     */
    static void compareWithZooKeeper(File zkDir, String[] paddockConnects, boolean syncOnSwitch) throws Exception {
        long seed = Long.getLong("diff.seed", 0x5EED_0001L);
        try (Reference reference = Reference.start(zkDir)) {
            String zkConnect = reference.connectString();
            assertThat(knowsSuper(zkConnect)).as("the reference ZooKeeper must know the super digest: set -D%s=%s "
                    + "before DigestAuthenticationProvider loads (the pom's surefire configuration does)",
                    SUPER_PROPERTY, SUPER_DIGEST).isTrue();
            Runner zk = run(sameServer(zkConnect), seed, syncOnSwitch);
            List<String> zkTrace = zk.trace;
            List<String> paddockTrace = run(paddockConnects, seed, syncOnSwitch).trace;
            assertThat(paddockTrace).hasSize(zkTrace.size());
            Map<String, Integer> kinds = new java.util.TreeMap<>(zk.covered);
            for (String line : zkTrace) {
                String[] words = line.split(" ");
                String kind = words[0].equals("error") ? "error " + words[1] : words[0];
                kinds.merge(kind, 1, Integer::sum);
            }
            System.out.println("differential trace, seed=" + seed + ": " + kinds);
            // The sequence must exercise what this test claims to compare, or it proves little.
            assertThat(kinds).containsKeys("create", "delete", "set", "get", "children", "exists", "setacl",
                    "getacl", "multi", "reopen", "error NONODE", "error NODEEXISTS", "error BADVERSION",
                    "error NOTEMPTY", "error NOAUTH", "error NOCHILDRENFOREPHEMERALS", "error INVALIDACL",
                    "addauth", "addauth again", "addauth super", "whoami 12+ ids", "whoami 24+ ids",
                    "getacl 2+ auth ids", "getacl 12+ auth ids", "getacl repeated id");
            for (int i = 0; i < zkTrace.size(); i++) {
                assertThat(paddockTrace.get(i)).as("seed=%s step %s", seed, i).isEqualTo(zkTrace.get(i));
            }
        }
    }

    /**
     * Identities picked so that their ids all land in one bin of ZooKeeper's id table, which
     * random names never do: the ninth grows the table from 16 bins to 128 at once, adding the
     * ninth again (found past eight others) turns that bin into a tree bin, and every later id
     * is put first in it. After each addAuth both servers must list the ids (whoAmI) and expand
     * CREATOR_ALL_ACL (getACL) in the same order.
     */
    @Test
    @Timeout(120)
    void collidingIdentitiesComeBackInZooKeepersOrder() throws Exception {
        List<String> users = collidingUsers(0x3ff, 20);
        try (Reference reference = Reference.start(dir.resolve("zk").toFile()); TestNode paddock = startPaddock()) {
            List<String> expected = addColliding(reference.connectString(), users);
            List<String> actual = addColliding(paddock.connectString(), users);
            assertThat(actual).hasSize(users.size() + 1);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i)).as("step %s", i).isEqualTo(expected.get(i));
            }
        }
    }

    private TestNode startPaddock() throws Exception {
        return TestNode.start(dir.resolve("paddock"),
                Map.of("extended-types-enabled", "true", "container-check-interval-ms", "3600000",
                        "tick-ms", "2000", "super-digest", SUPER_DIGEST));
    }

    /**
     * The settings {@link #startPaddock()} gives a standalone node, as config JSON pairs for
     * {@code scripts/cluster.sh} (which enables TTL znodes itself).
     */
    static String clusterSettingsJson() {
        return "\"containerCheckIntervalMs\": 3600000, \"tickMs\": 2000, "
                + "\"superDigest\": \"" + SUPER_DIGEST + "\"";
    }

    /** The reference ZooKeeper 3.9.5 server, in this JVM on a free loopback port; the test closes it. */
    private record Reference(ZooKeeperServer server, ServerCnxnFactory factory) implements AutoCloseable {
        static Reference start(File dataDir) throws Exception {
            System.setProperty("zookeeper.extendedTypesEnabled", "true");
            System.setProperty("zookeeper.admin.enableServer", "false");
            ZooKeeperServer server = new ZooKeeperServer(dataDir, dataDir, 2000);
            ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
            try {
                factory.startup(server);
            } catch (Exception e) {
                factory.shutdown();
                server.shutdown();
                throw e;
            }
            return new Reference(server, factory);
        }

        String connectString() {
            return "127.0.0.1:" + factory.getLocalPort();
        }

        @Override
        public void close() {
            factory.shutdown();
            server.shutdown();
        }
    }

    /** One session adds {@code users} in order (the ninth twice); one line per add: whoAmI and getACL. */
    private static List<String> addColliding(String connect, List<String> users) throws Exception {
        Runner runner = new Runner(sameServer(connect), new SplittableRandom(0), false);
        try {
            runner.open(0);
            ZooKeeper zk = runner.sessions[0];
            zk.create("/collide", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                runner.addAuth(0, users.get(i) + ":pw");
                lines.add(collideLine(runner, zk, i));
                if (i == 8) {
                    runner.addAuth(0, users.get(i) + ":pw");
                    lines.add(collideLine(runner, zk, i));
                }
            }
            return lines;
        } finally {
            runner.close();
        }
    }

    private static String collideLine(Runner runner, ZooKeeper zk, int i) throws Exception {
        String path = zk.create("/collide/n", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT_SEQUENTIAL);
        return i + " " + runner.whoAmI(zk) + " " + zk.getACL(path, new Stat());
    }

    /**
     * {@code count} user names whose digest ids (password "pw") have the same low bits, under
     * {@code mask}, of ZooKeeper's spread hash, so they share a bin in every table up to mask + 1 bins.
     */
    private static List<String> collidingUsers(int mask, int count) {
        List<String> users = new ArrayList<>();
        int target = -1;
        for (int k = 0; users.size() < count; k++) {
            String user = "k" + k;
            int h = new Id("digest", digest(user)).hashCode();
            int bin = (h ^ (h >>> 16)) & mask;
            if (target < 0) {
                target = bin;
            }
            if (bin == target) {
                users.add(user);
            }
        }
        return users;
    }

    /** Runs the seeded sequence against one server; its trace holds one normalised line per step. */
    private static Runner run(String[] connects, long seed, boolean syncOnSwitch) throws Exception {
        Runner runner = new Runner(connects, new SplittableRandom(seed), syncOnSwitch);
        try {
            runner.run();
            return runner;
        } finally {
            runner.close();
        }
    }

    /** True when a session that authenticates with the super credentials holds the super id. */
    private static boolean knowsSuper(String connect) throws Exception {
        Runner probe = new Runner(sameServer(connect), new SplittableRandom(0), false);
        try {
            probe.open(0);
            probe.sessions[0].addAuthInfo("digest", SUPER_CREDENTIALS.getBytes(StandardCharsets.UTF_8));
            return probe.sessions[0].whoAmI().stream().anyMatch(c -> c.getAuthScheme().equals("super"));
        } finally {
            probe.close();
        }
    }

    /** The super digest this JVM's reference server uses; set here when the pom did not set it. */
    private static String superDigestProperty() {
        String configured = System.getProperty(SUPER_PROPERTY);
        if (configured != null) {
            return configured;
        }
        try {
            // Computed by hand: calling DigestAuthenticationProvider would load it before the property is set.
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(SUPER_CREDENTIALS.getBytes(StandardCharsets.UTF_8));
            String digest = SUPER_CREDENTIALS.substring(0, SUPER_CREDENTIALS.indexOf(':')) + ":"
                    + Base64.getEncoder().encodeToString(sha1);
            System.setProperty(SUPER_PROPERTY, digest);
            return digest;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One run: the sessions, the random choices and the normalisation of answers. */
    private static final class Runner {
        /** Session i's server(s). */
        final String[] connects;
        final SplittableRandom random;
        final boolean syncOnSwitch;
        /** The session of the previous step, -1 before the first. */
        int previousSession = -1;
        final ZooKeeper[] sessions = new ZooKeeper[SESSIONS];
        final Map<Long, Integer> sessionIndex = new HashMap<>();
        final List<String> trace = new ArrayList<>();
        /** Coverage tags beyond the op kinds, counted from this server's answers. */
        final Map<String, Integer> covered = new HashMap<>();
        /** The credentials each session has added, in call order, repeats included. */
        final List<List<String>> credentials = new ArrayList<>();
        final List<String> known = new ArrayList<>();
        /** The node the last successful create made, which getACL reads back half of the time. */
        String lastCreated = "/diff";
        long baseZxid;
        int generation;

        Runner(String[] connects, SplittableRandom random, boolean syncOnSwitch) {
            this.connects = connects;
            this.random = random;
            this.syncOnSwitch = syncOnSwitch;
        }

        List<String> run() throws Exception {
            for (int i = 0; i < SESSIONS; i++) {
                open(i);
            }
            addAuth(0, "owner:pw");
            Stat base = new Stat();
            sessions[0].create("/diff", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, base);
            baseZxid = base.getCzxid();
            known.add("/diff");
            for (int step = 0; step < OPS; step++) {
                trace.add(step(step));
            }
            return trace;
        }

        void open(int index) throws Exception {
            java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
            String connect = connects[index];
            ZooKeeper zk = new ZooKeeper(connect, 30_000, e -> {
                if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                    latch.countDown();
                }
            });
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no connection to " + connect);
            }
            sessions[index] = zk;
            sessionIndex.put(zk.getSessionId(), index + SESSIONS * generation++);
            while (credentials.size() <= index) {
                credentials.add(new ArrayList<>());
            }
            credentials.set(index, new ArrayList<>());
        }

        void addAuth(int session, String userColonPassword) {
            sessions[session].addAuthInfo("digest", userColonPassword.getBytes(StandardCharsets.UTF_8));
            credentials.get(session).add(userColonPassword);
        }

        /** A sync on {@code zk}'s session, waited for; its result must be OK. */
        static void sync(ZooKeeper zk) throws InterruptedException {
            java.util.concurrent.CompletableFuture<Integer> done = new java.util.concurrent.CompletableFuture<>();
            zk.sync("/", (rc, path, ctx) -> done.complete(rc), null);
            try {
                int rc = done.get(30, TimeUnit.SECONDS);
                if (rc != KeeperException.Code.OK.intValue()) {
                    throw new IllegalStateException("sync failed: " + KeeperException.Code.get(rc));
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("sync did not complete", e);
            }
        }

        void cover(String tag) {
            covered.merge(tag, 1, Integer::sum);
        }

        void close() throws InterruptedException {
            for (ZooKeeper zk : sessions) {
                if (zk != null) {
                    zk.close();
                }
            }
        }

        String path() {
            if (!known.isEmpty() && random.nextInt(3) > 0) {
                String parent = known.get(random.nextInt(known.size()));
                return random.nextInt(4) == 0 ? parent : parent + "/" + NAMES[random.nextInt(NAMES.length)];
            }
            StringBuilder p = new StringBuilder("/diff");
            int depth = 1 + random.nextInt(3);
            for (int i = 0; i < depth; i++) {
                p.append('/').append(NAMES[random.nextInt(NAMES.length)]);
            }
            return p.toString();
        }

        CreateMode mode() {
            int m = random.nextInt(10);
            return switch (m) {
                case 0, 1, 2 -> CreateMode.PERSISTENT;
                case 3 -> CreateMode.EPHEMERAL;
                case 4 -> CreateMode.PERSISTENT_SEQUENTIAL;
                case 5 -> CreateMode.EPHEMERAL_SEQUENTIAL;
                case 6 -> CreateMode.CONTAINER;
                case 7 -> CreateMode.PERSISTENT_WITH_TTL;
                default -> CreateMode.PERSISTENT;
            };
        }

        List<ACL> acl() {
            int a = random.nextInt(16);
            Id auth = new Id("auth", "");
            return switch (a) {
                case 0 -> ZooDefs.Ids.READ_ACL_UNSAFE;
                case 1, 4 -> ZooDefs.Ids.CREATOR_ALL_ACL;
                case 2 -> new ArrayList<>(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE)));
                case 3 -> new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1"))));
                case 5 -> acls(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, auth),
                        new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
                // An explicit digest entry and an auth entry: the expansion can repeat that id.
                case 6 -> acls(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest("u" + random.nextInt(USERS)))),
                        new ACL(ZooDefs.Perms.ALL, auth));
                // Two auth entries that differ (perms, id text): both expand; equal ones are one.
                case 7 -> acls(new ACL(ZooDefs.Perms.ALL, auth), new ACL(ZooDefs.Perms.READ, new Id("auth", "x")));
                case 8 -> acls(new ACL(ZooDefs.Perms.ALL, auth), new ACL(ZooDefs.Perms.ALL, auth));
                case 9 -> acls(new ACL(ZooDefs.Perms.READ, new Id("ip", "127.0.0.1")),
                        new ACL(ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE | ZooDefs.Perms.ADMIN, auth));
                default -> ZooDefs.Ids.OPEN_ACL_UNSAFE;
            };
        }

        /** A mutable list: the client's validateACL asks contains(null), which List.of refuses. */
        static List<ACL> acls(ACL... entries) {
            return new ArrayList<>(List.of(entries));
        }

        /** One addAuth step: one to sixteen digest identities, some already held, rarely the super user. */
        String addAuthStep(int s) throws Exception {
            int count = 1 + random.nextInt(random.nextInt(3) == 0 ? 16 : 3);
            List<String> added = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<String> held = credentials.get(s);
                int pick = random.nextInt(40);
                String userColonPassword;
                if (pick < 8 && !held.isEmpty()) {
                    userColonPassword = held.get(random.nextInt(held.size()));
                    cover("addauth again");
                } else if (pick == 8) {
                    userColonPassword = SUPER_CREDENTIALS;
                    cover("addauth super");
                } else {
                    userColonPassword = "u" + random.nextInt(USERS) + ":pw";
                }
                addAuth(s, userColonPassword);
                added.add(userColonPassword.substring(0, userColonPassword.indexOf(':')));
            }
            return "addauth " + s + " " + added + " " + whoAmI(sessions[s]);
        }

        String whoAmI(ZooKeeper zk) throws Exception {
            List<String> ids = new ArrayList<>();
            for (ClientInfo info : zk.whoAmI()) {
                ids.add(info.getAuthScheme() + ":" + info.getUser());
            }
            if (ids.size() >= 12) {
                cover("whoami 12+ ids");
            }
            if (ids.size() >= 24) {
                cover("whoami 24+ ids");
            }
            return "who=" + ids;
        }

        String getAcl(ZooKeeper zk, String path) throws Exception {
            Stat stat = new Stat();
            List<ACL> acl = zk.getACL(path, stat);
            long digests = acl.stream().filter(a -> a.getId().getScheme().equals("digest")).count();
            long distinct = acl.stream().map(ACL::getId).distinct().count();
            if (digests >= 2) {
                cover("getacl 2+ auth ids");
            }
            if (digests >= 12) {
                cover("getacl 12+ auth ids");
            }
            if (distinct < acl.size()) {
                cover("getacl repeated id");
            }
            return "getacl " + path + " " + acl + " " + stat(stat);
        }

        int version() {
            return random.nextInt(3) == 0 ? -1 : random.nextInt(3);
        }

        byte[] data() {
            int n = random.nextInt(4);
            return n == 0 ? null : ("d" + random.nextInt(100)).getBytes(StandardCharsets.UTF_8);
        }

        String step(int step) throws Exception {
            int s = random.nextInt(SESSIONS);
            ZooKeeper zk = sessions[s];
            if (syncOnSwitch && s != previousSession) {
                sync(zk);
            }
            previousSession = s;
            int kind = random.nextInt(100);
            try {
                if (kind < 25) {
                    CreateMode mode = mode();
                    String path = path();
                    Stat stat = new Stat();
                    String created = mode.isTTL()
                            ? zk.create(path, data(), acl(), mode, stat, 3_600_000L)
                            : zk.create(path, data(), acl(), mode, stat);
                    known.add(created);
                    lastCreated = created;
                    return "create " + created + " " + stat(stat);
                } else if (kind < 35) {
                    String path = path();
                    zk.delete(path, version());
                    return "delete " + path + " ok";
                } else if (kind < 50) {
                    String path = path();
                    return "set " + path + " " + stat(zk.setData(path, data(), version()));
                } else if (kind < 60) {
                    String path = path();
                    Stat stat = new Stat();
                    byte[] data = zk.getData(path, false, stat);
                    return "get " + path + " " + (data == null ? "null" : new String(data, StandardCharsets.UTF_8))
                            + " " + stat(stat);
                } else if (kind < 68) {
                    String path = path();
                    Stat stat = new Stat();
                    List<String> children = new ArrayList<>(zk.getChildren(path, false, stat));
                    children.sort(null);
                    return "children " + path + " " + children + " " + stat(stat);
                } else if (kind < 74) {
                    String path = path();
                    return "exists " + path + " " + stat(zk.exists(path, false));
                } else if (kind < 80) {
                    String path = path();
                    return "setacl " + path + " " + stat(zk.setACL(path, acl(), version()));
                } else if (kind < 85) {
                    return getAcl(zk, random.nextBoolean() ? lastCreated : path());
                } else if (kind < 92) {
                    return "multi " + multi(zk);
                } else if (kind < 98) {
                    return addAuthStep(s);
                } else if (s == SESSIONS - 1 && random.nextInt(4) > 0) {
                    // The last session lives four times longer, so its identities pile up past the
                    // id table's second resize (24 ids).
                    return "whoami " + s + " " + whoAmI(zk);
                } else {
                    zk.close();
                    open(s);
                    if (s == 0) {
                        addAuth(0, "owner:pw");
                    }
                    return "reopen " + s;
                }
            } catch (KeeperException e) {
                return "error " + e.code() + " " + e.getPath();
            }
        }

        String multi(ZooKeeper zk) throws Exception {
            int n = 1 + random.nextInt(4);
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(4);
                String path = path();
                ops.add(switch (k) {
                    case 0 -> Op.create(path, data(), acl(), random.nextBoolean() ? CreateMode.PERSISTENT
                            : CreateMode.PERSISTENT_SEQUENTIAL);
                    case 1 -> Op.delete(path, version());
                    case 2 -> Op.setData(path, data(), version());
                    default -> Op.check(path, version());
                });
            }
            try {
                return results(zk.multi(ops));
            } catch (KeeperException e) {
                return "failed " + e.code() + " " + results(e.getResults());
            }
        }

        String results(List<OpResult> results) {
            StringBuilder out = new StringBuilder("[");
            for (OpResult r : results) {
                if (r instanceof OpResult.CreateResult c) {
                    known.add(c.getPath());
                    out.append("create ").append(c.getPath()).append(' ').append(stat(c.getStat()));
                } else if (r instanceof OpResult.SetDataResult d) {
                    out.append("set ").append(stat(d.getStat()));
                } else if (r instanceof OpResult.ErrorResult e) {
                    out.append("err ").append(e.getErr());
                } else {
                    out.append(r.getType());
                }
                out.append("; ");
            }
            return out.append(']').toString();
        }

        String zxid(long zxid) {
            return zxid == 0 ? "0" : Long.toString((zxid & 0xffffffffL) - (baseZxid & 0xffffffffL));
        }

        String stat(Stat s) {
            if (s == null) {
                return "null";
            }
            long owner = s.getEphemeralOwner();
            String ownerText = owner == 0 ? "0" : "s" + sessionIndex.getOrDefault(owner, -1);
            return "{c=" + zxid(s.getCzxid()) + ",m=" + zxid(s.getMzxid()) + ",p=" + zxid(s.getPzxid())
                    + ",v=" + s.getVersion() + ",cv=" + s.getCversion() + ",av=" + s.getAversion()
                    + ",o=" + ownerText + ",len=" + s.getDataLength() + ",n=" + s.getNumChildren() + "}";
        }
    }

    /** The reference server's digest id value ({@code user:BASE64(SHA1)}) of {@code user} with password "pw". */
    static String digest(String user) {
        try {
            return DigestAuthenticationProvider.generateDigest(user + ":pw");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
