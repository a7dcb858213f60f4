package io.paddock.it;

import java.nio.file.Path;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link AclCases} against one in-JVM node configured with the super user. */
class AclTest extends AclCases {
    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, Map.of("super-digest", superDigest()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected ZooKeeper client() throws Exception {
        return node.client();
    }
}
