package io.paddock.cli;

import io.paddock.model.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks of a znode's subtree for {@code ls -R}, {@code tree}, {@code deleteall} and
 * {@code setAcl -R}: depth first, children in sorted order, with an explicit stack, so that
 * a deep tree cannot overflow the thread's stack. A descendant deleted during the walk is
 * skipped (its name is still visited if its parent listed it); the root must exist.
 * Stateless; runs on the command's thread.
 */
final class Subtree {
    /** One visited znode: its full path, its name, its depth (root 0) and whether it is its parent's last child. */
    record Node(String path, String name, int depth, boolean last, String indent) {}

    private Subtree() {}

    /** Every path of the subtree in preorder, the root first. */
    static List<String> paths(ZkClient zk, String root, boolean watch)
            throws ZkException, ConnectionException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (Node n : nodes(zk, root, watch)) {
            out.add(n.path());
        }
        return out;
    }

    /**
     * The subtree in preorder, with what {@code tree} needs to draw it: {@code indent} is the
     * text before the node's branch ({@code "│   "} per ancestor with later siblings,
     * {@code "    "} per ancestor without).
     */
    static List<Node> nodes(ZkClient zk, String root, boolean watch)
            throws ZkException, ConnectionException, InterruptedException {
        List<Node> out = new ArrayList<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(new Node(root, root, 0, true, ""));
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            out.add(n);
            List<String> children;
            try {
                children = zk.getChildren(n.path(), watch, false).children();
            } catch (ZkException e) {
                if (n.depth() == 0 || e.code() != ErrorCode.NONODE) {
                    throw e;
                }
                continue;
            }
            String childIndent = n.depth() == 0 ? "" : n.indent() + (n.last() ? "    " : "│   ");
            // Pushed last child first, so that the first child is visited next.
            for (int i = children.size() - 1; i >= 0; i--) {
                String name = children.get(i);
                stack.push(new Node(ZkOp.child(n.path(), name), name, n.depth() + 1, i == children.size() - 1,
                        childIndent));
            }
        }
        return out;
    }
}
