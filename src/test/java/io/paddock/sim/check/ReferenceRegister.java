package io.paddock.sim.check;

/**
 * A second, independent implementation of the znode register for the tests: what a real
 * ZooKeeper server does with one request on one znode, written as "compute the reply and the
 * next znode" rather than as the checker's "does this reply fit". The generator and the brute
 * force use it, so that a bug in {@link ZkRegisterModel} cannot hide behind the same bug in
 * the tests' expectations.
 *
 * <p>Stateless test helper.
 */
final class ReferenceRegister {
    /** One znode: {@code null} data allowed, version counted from 0 at creation. */
    record Znode(boolean exists, String data, int version) {
        static final Znode NONE = new Znode(false, null, 0);
    }

    /** The reply to a request and the znode after it. */
    record Reply(ZkOutput output, Znode after) {
    }

    private ReferenceRegister() {
    }

    /** Executes {@code input} on {@code znode}. */
    static Reply execute(Znode znode, ZkInput input) {
        switch (input.kind()) {
            case CREATE:
                if (znode.exists()) {
                    return new Reply(ZkOutput.error(ZkCode.NODEEXISTS), znode);
                }
                return new Reply(ZkOutput.ok(), new Znode(true, input.value(), 0));
            case GET_DATA:
                return new Reply(znode.exists() ? ZkOutput.data(znode.data(), znode.version())
                        : ZkOutput.error(ZkCode.NONODE), znode);
            case EXISTS:
                return new Reply(znode.exists() ? ZkOutput.ok(znode.version()) : ZkOutput.error(ZkCode.NONODE), znode);
            default:
                break;
        }
        if (!znode.exists()) {
            return new Reply(ZkOutput.error(ZkCode.NONODE), znode);
        }
        if (input.expectedVersion() != -1 && input.expectedVersion() != znode.version()) {
            return new Reply(ZkOutput.error(ZkCode.BADVERSION), znode);
        }
        if (input.kind() == ZkInput.Kind.DELETE) {
            return new Reply(ZkOutput.ok(), Znode.NONE);
        }
        Znode after = new Znode(true, input.value(), znode.version() + 1);
        return new Reply(ZkOutput.ok(after.version()), after);
    }
}
