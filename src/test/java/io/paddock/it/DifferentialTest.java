package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded random sequence of client operations against a real ZooKeeper 3.9.5 server
 * (started here from the zookeeper jar) and against Paddock, comparing every return value,
 * error code, child list and Stat field (times excluded; zxids compared relative to the start
 * of the run; session ids mapped to the client that owns them). Any difference fails with the
 * seed and the first differing step. Replay a seed with {@code -Ddiff.seed=N}.
 */
class DifferentialTest {
    private static final int SESSIONS = 3;
    private static final int OPS = Integer.getInteger("diff.ops", 3000);
    private static final String[] NAMES = {"a", "b", "c"};

    @TempDir
    Path dir;

    @Test
    void paddockAnswersLikeZooKeeper() throws Exception {
        long seed = Long.getLong("diff.seed", 0x5EED_0001L);
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
        System.setProperty("zookeeper.admin.enableServer", "false");
        File zkDir = dir.resolve("zk").toFile();
        ZooKeeperServer zkServer = new ZooKeeperServer(zkDir, zkDir, 2000);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
        factory.startup(zkServer);
        try (TestNode paddock = TestNode.start(dir.resolve("paddock"),
                Map.of("extended-types-enabled", "true", "container-check-interval-ms", "3600000",
                        "tick-ms", "2000"))) {
            List<String> zkTrace = run("127.0.0.1:" + factory.getLocalPort(), seed);
            List<String> paddockTrace = run(paddock.connectString(), seed);
            assertThat(paddockTrace).hasSize(zkTrace.size());
            Map<String, Integer> kinds = new java.util.TreeMap<>();
            for (String line : zkTrace) {
                String[] words = line.split(" ");
                String kind = words[0].equals("error") ? "error " + words[1] : words[0];
                kinds.merge(kind, 1, Integer::sum);
            }
            System.out.println("differential trace, seed=" + seed + ": " + kinds);
            // The sequence must exercise what this test claims to compare, or it proves little.
            assertThat(kinds).containsKeys("create", "delete", "set", "get", "children", "exists", "setacl",
                    "getacl", "multi", "reopen", "error NONODE", "error NODEEXISTS", "error BADVERSION",
                    "error NOTEMPTY", "error NOAUTH", "error NOCHILDRENFOREPHEMERALS");
            for (int i = 0; i < zkTrace.size(); i++) {
                assertThat(paddockTrace.get(i)).as("seed=%s step %s", seed, i).isEqualTo(zkTrace.get(i));
            }
        } finally {
            factory.shutdown();
            zkServer.shutdown();
        }
    }

    /** Runs the seeded sequence against one server; returns one normalised line per step. */
    private List<String> run(String connect, long seed) throws Exception {
        Runner runner = new Runner(connect, new SplittableRandom(seed));
        try {
            return runner.run();
        } finally {
            runner.close();
        }
    }

    /** One run: the sessions, the random choices and the normalisation of answers. */
    private static final class Runner {
        final String connect;
        final SplittableRandom random;
        final ZooKeeper[] sessions = new ZooKeeper[SESSIONS];
        final Map<Long, Integer> sessionIndex = new HashMap<>();
        final List<String> trace = new ArrayList<>();
        final List<String> known = new ArrayList<>();
        long baseZxid;
        int generation;

        Runner(String connect, SplittableRandom random) {
            this.connect = connect;
            this.random = random;
        }

        List<String> run() throws Exception {
            for (int i = 0; i < SESSIONS; i++) {
                open(i);
            }
            sessions[0].addAuthInfo("digest", "owner:pw".getBytes(StandardCharsets.UTF_8));
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
            int a = random.nextInt(8);
            return switch (a) {
                case 0 -> ZooDefs.Ids.READ_ACL_UNSAFE;
                case 1 -> ZooDefs.Ids.CREATOR_ALL_ACL;
                case 2 -> new ArrayList<>(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE)));
                case 3 -> new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1"))));
                default -> ZooDefs.Ids.OPEN_ACL_UNSAFE;
            };
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
                } else if (kind < 84) {
                    String path = path();
                    Stat stat = new Stat();
                    return "getacl " + path + " " + zk.getACL(path, stat) + " " + stat(stat);
                } else if (kind < 96) {
                    return "multi " + multi(zk);
                } else {
                    zk.close();
                    open(s);
                    if (s == 0) {
                        sessions[0].addAuthInfo("digest", "owner:pw".getBytes(StandardCharsets.UTF_8));
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

    static {
        // The digest used by the reference server for "owner:pw" must match ours; checked in AclTest too.
        try {
            DigestAuthenticationProvider.generateDigest("owner:pw");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
