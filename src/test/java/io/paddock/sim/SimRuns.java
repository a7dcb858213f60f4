package io.paddock.sim;

/** How a seed maps to a simulated run (node count, observers, clients), and how a failure is shown. */
final class SimRuns {
    private SimRuns() {}

    /** Seeds alternate between 3 and 5 voters; every fourth has an observer. */
    static SimCluster.Options options(long seed, boolean verbose) {
        return options(seed, seed % 2 == 0 ? 5 : 3, verbose);
    }

    static SimCluster.Options options(long seed, int voters, boolean verbose) {
        int observers = seed % 4 == 3 ? 1 : 0;
        return new SimCluster.Options(seed, voters, observers, 4, 12_000, 8_000, io.paddock.consensus.Faults.NONE,
                verbose);
    }

    static SimCluster.Result run(long seed, boolean verbose) {
        return new SimCluster(options(seed, verbose)).run();
    }

    static String describe(SimCluster.Result result) {
        StringBuilder out = new StringBuilder("seed=" + result.seed() + " (replay: mvn -B verify -Dsim.seed="
                + result.seed() + ")\n");
        for (String violation : result.violations()) {
            out.append("  VIOLATION ").append(violation).append('\n');
        }
        int from = Math.max(0, result.trace().size() - 25);
        out.append("  last events:\n");
        for (String line : result.trace().subList(from, result.trace().size())) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }
}
