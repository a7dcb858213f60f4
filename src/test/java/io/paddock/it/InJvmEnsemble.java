package io.paddock.it;

import io.paddock.config.ConfigLoader;
import io.paddock.config.ConfigSource;
import io.paddock.config.LoadResult;
import io.paddock.node.PaddockNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A 3-member ensemble of in-JVM nodes (one Vert.x instance each) on free loopback ports, each
 * with an HTTP port, configured through real config files under the test's directory; for the
 * fast ensemble tests that need no separate processes. Used from the JUnit thread. Invariant:
 * {@link #stop()} stops every node {@link #start} started.
 */
final class InJvmEnsemble {
    private final List<PaddockNode> nodes = new ArrayList<>();

    /** Node i + 1 at index i. */
    List<PaddockNode> nodes() {
        return nodes;
    }

    /** Starts three members with data and configs under {@code dir}; returns once every one started. */
    InJvmEnsemble start(Path dir) throws Exception {
        return start(dir, new JsonObject());
    }

    /** As {@link #start(Path)}, with {@code settings} (config keys, e.g. watchHistoryTxns) added to every member's. */
    InJvmEnsemble start(Path dir, JsonObject settings) throws Exception {
        int size = 3;
        int[][] ports = new int[size][];
        // The OS may hand out a port it just gave, once it is free again: every port must differ.
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        JsonArray members = new JsonArray();
        for (int i = 0; i < size; i++) {
            ports[i] = new int[] {distinctFreePort(taken), distinctFreePort(taken), distinctFreePort(taken)};
            members.add(new JsonObject().put("id", i + 1).put("host", "127.0.0.1").put("clientPort", ports[i][0])
                    .put("peerPort", ports[i][1]));
        }
        List<Future<PaddockNode>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            JsonObject json = new JsonObject().put("serverId", i + 1).put("dataDir", dir.resolve("node" + (i + 1)).toString())
                    .put("clientPort", ports[i][0]).put("httpPort", ports[i][2]).put("tickMs", TestNode.TICK_MS)
                    .put("maxSessionTimeoutMs", 20_000).put("maxClientCnxns", 0).put("members", members).mergeIn(settings);
            Path file = dir.resolve("node" + (i + 1) + ".json");
            Files.writeString(file, json.encodePrettily());
            LoadResult loaded = ConfigLoader.load(new ConfigSource(file, Map.of()));
            if (!(loaded instanceof LoadResult.Loaded config)) {
                throw new IllegalStateException("bad ensemble config: " + loaded.errors());
            }
            starting.add(PaddockNode.start(config.config(), 200, TestNode::halt));
        }
        for (Future<PaddockNode> node : starting) {
            nodes.add(node.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
        }
        return this;
    }

    private static int distinctFreePort(java.util.Set<Integer> taken) throws java.io.IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = Http.freePort();
            if (taken.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no distinct free port in 100 attempts");
    }

    void stop() throws Exception {
        for (PaddockNode node : nodes) {
            node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        nodes.clear();
    }
}
