package io.paddock.consensus.interaction;

/**
 * The handler of one script verb (one class per verb, as etcd's
 * rafttest/interaction_env_handler_*.go): it reads its arguments from the {@link ScriptLine},
 * drives the {@link InteractionEnv} and writes what happened to the env's output.
 *
 * <p>Implementations are stateless; they run on the test's thread.
 */
interface InteractionCommand {
    /** The verb this handler answers, as written in scripts. */
    String verb();

    /** A one-line synopsis, for the error that lists the verbs. */
    String usage();

    void run(InteractionEnv env, ScriptLine line);
}
