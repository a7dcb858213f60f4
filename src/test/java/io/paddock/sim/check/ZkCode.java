package io.paddock.sim.check;

/**
 * The result codes the znode register model explains: success and the three ZooKeeper error
 * codes a single-znode operation can return because of the znode's state. An error code is a
 * result like any other: the model must produce it from the state the operation is placed in.
 *
 * <p>Immutable constants, usable from any thread.
 */
public enum ZkCode {
    OK,
    NONODE,
    NODEEXISTS,
    BADVERSION
}
