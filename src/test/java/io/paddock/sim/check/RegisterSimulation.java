package io.paddock.sim.check;

import io.paddock.sim.check.ZkInput.Kind;
import io.paddock.sim.check.ZkInput.ReadMode;
import java.util.ArrayList;
import io.paddock.sim.check.ReferenceRegister.Znode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates histories that a correct ZooKeeper could produce: clients issue operations one at
 * a time on a few znodes, each operation takes effect at a hidden point inside its interval (an
 * indeterminate write at a hidden point after its invocation, maybe long after the client gave
 * up, or never), and a real sequential register executes them in the order of those points.
 * Strict reads return the current state; a plain read returns a state chosen at random between
 * the newest its session has seen and the current one, as a lagging follower would. The register
 * is the {@link ReferenceRegister}, not the checker's model.
 *
 * <p>Test helper, single threaded; all randomness comes from the {@link SplittableRandom}
 * passed in, so a seed replays a history. Invariant of every history: it is linearizable in the
 * sense of {@link LinearizabilityChecker} (the hidden points are a witness).
 */
final class RegisterSimulation {
    /**
     * The shape of a generated history.
     *
     * @param clients              sessions
     * @param ops                  operations in all
     * @param keys                 znodes
     * @param durationMax          the longest an operation takes, in ticks
     * @param plainReadPercent     share of reads that are plain
     * @param indeterminatePercent share of operations without a reply
     * @param failedPercent        share of operations that definitely had no effect
     * @param pipelinePercent      share of requests sent before the session's previous reply came
     *                             (the server still runs a session's requests in order)
     * @param uniqueValues         whether every write writes a new value (else a few values, null included, repeat)
     */
    record Config(int clients, int ops, int keys, int durationMax, int plainReadPercent, int indeterminatePercent,
            int failedPercent, int pipelinePercent, boolean uniqueValues) {
    }

    private static final String[] FEW_VALUES = {"a", "b", null};

    private final Config config;
    private final SplittableRandom random;
    private final Map<String, List<Znode>> statesByKey = new HashMap<>();
    private final Map<String, Integer> watermarks = new HashMap<>();
    private int valueCounter;
    private long zxid;

    private RegisterSimulation(Config config, SplittableRandom random) {
        this.config = config;
        this.random = random;
    }

    /** One history of {@code config}'s shape. */
    static List<Op> generate(Config config, SplittableRandom random) {
        return new RegisterSimulation(config, random).run();
    }

    /** An operation planned before execution: its timing, fate and hidden point. */
    private record Plan(int index, long clientId, String key, Kind kind, long invokeTime, long completeTime,
            Outcome outcome, boolean takesEffect, long point, long tieBreak) {
    }

    private List<Op> run() {
        List<Plan> plans = plan();
        List<Plan> byPoint = new ArrayList<>(plans);
        byPoint.sort(Comparator.comparingLong(Plan::point).thenComparingLong(Plan::tieBreak));
        Op[] ops = new Op[plans.size()];
        for (Plan plan : byPoint) {
            ops[plan.index()] = execute(plan);
        }
        return List.of(ops);
    }

    /**
     * Timings: a client usually waits for its previous reply (or timeout) before the next
     * request, and sometimes pipelines it; either way its requests take effect in the order sent.
     */
    private List<Plan> plan() {
        long[] clock = new long[config.clients()];
        long[] lastInvoke = new long[config.clients()];
        long[] lastPoint = new long[config.clients()];
        for (int c = 0; c < clock.length; c++) {
            clock[c] = random.nextInt(config.durationMax() + 1);
            lastPoint[c] = Long.MIN_VALUE;
        }
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < config.ops(); i++) {
            int client = random.nextInt(config.clients());
            boolean pipelined = lastPoint[client] != Long.MIN_VALUE && random.nextInt(100) < config.pipelinePercent();
            long invokeTime = (pipelined ? lastInvoke[client] : clock[client]) + random.nextInt(3);
            long completeTime = invokeTime + random.nextInt(config.durationMax() + 1);
            int fate = random.nextInt(100);
            Outcome outcome = fate < config.indeterminatePercent() ? Outcome.INDETERMINATE
                    : fate < config.indeterminatePercent() + config.failedPercent() ? Outcome.FAILED : Outcome.OK;
            long point;
            if (outcome == Outcome.INDETERMINATE) {
                point = invokeTime + random.nextInt(4 * config.durationMax() + 1);
            } else {
                long earliest = lastPoint[client] == Long.MIN_VALUE ? invokeTime : Math.max(invokeTime, lastPoint[client] + 1);
                completeTime = Math.max(completeTime, earliest);
                point = earliest + random.nextLong(completeTime - earliest + 1);
                lastPoint[client] = point;
            }
            lastInvoke[client] = invokeTime;
            clock[client] = Math.max(clock[client], completeTime + 1);
            boolean takesEffect = outcome == Outcome.OK || outcome == Outcome.INDETERMINATE && random.nextBoolean();
            plans.add(new Plan(i, client + 1, "/k" + random.nextInt(config.keys()), kind(), invokeTime, completeTime,
                    outcome, takesEffect, point, random.nextLong()));
        }
        return plans;
    }

    private Kind kind() {
        int roll = random.nextInt(100);
        if (roll < 12) {
            return Kind.CREATE;
        }
        if (roll < 18) {
            return Kind.DELETE;
        }
        if (roll < 50) {
            return Kind.SET_DATA;
        }
        return roll < 80 ? Kind.GET_DATA : Kind.EXISTS;
    }

    /** Runs one planned operation at its point on the real register and records what its client saw. */
    private Op execute(Plan plan) {
        List<Znode> states = statesByKey.computeIfAbsent(plan.key(), k -> new ArrayList<>(List.of(Znode.NONE)));
        Znode current = states.get(states.size() - 1);
        ZkInput input = input(plan, current);
        if (plan.outcome() == Outcome.FAILED) {
            return Op.failed(plan.clientId(), plan.key(), input, plan.invokeTime(), plan.completeTime());
        }
        if (!plan.takesEffect() || input.isRead() && plan.outcome() == Outcome.INDETERMINATE) {
            return Op.indeterminate(plan.clientId(), plan.key(), input, plan.invokeTime());
        }
        ReferenceRegister.Reply reply = ReferenceRegister.execute(current, input);
        if (!reply.after().equals(current)) {
            states.add(reply.after());
            zxid++;
        }
        if (plan.outcome() == Outcome.INDETERMINATE) {
            return Op.indeterminate(plan.clientId(), plan.key(), input, plan.invokeTime());
        }
        String session = plan.clientId() + " " + plan.key();
        int seen = watermarks.getOrDefault(session, 0);
        int observed = input.isPlainRead() ? seen + random.nextInt(states.size() - seen) : states.size() - 1;
        watermarks.put(session, observed);
        // A read replies from the state it observed; a write from the state it ran in.
        ZkOutput output = input.isRead() ? ReferenceRegister.execute(states.get(observed), input).output()
                : reply.output();
        return Op.ok(plan.clientId(), plan.key(), input, plan.invokeTime(), plan.completeTime(), output, zxid);
    }

    /** The request, decided at the hidden point so that conditional writes often match the version. */
    private ZkInput input(Plan plan, Znode current) {
        return switch (plan.kind()) {
            case CREATE -> ZkInput.create(value());
            case DELETE -> ZkInput.delete(expectedVersion(current));
            case SET_DATA -> ZkInput.setData(value(), expectedVersion(current));
            case GET_DATA -> ZkInput.getData(readMode());
            case EXISTS -> ZkInput.exists(readMode());
        };
    }

    private ReadMode readMode() {
        return random.nextInt(100) < config.plainReadPercent() ? ReadMode.PLAIN : ReadMode.STRICT;
    }

    private String value() {
        return config.uniqueValues() ? "w" + valueCounter++ : FEW_VALUES[random.nextInt(FEW_VALUES.length)];
    }

    private int expectedVersion(Znode current) {
        int roll = random.nextInt(100);
        if (roll < 45) {
            return ZkInput.ANY_VERSION;
        }
        return roll < 85 ? current.version() : random.nextInt(4);
    }
}
