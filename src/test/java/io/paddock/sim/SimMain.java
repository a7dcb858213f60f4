package io.paddock.sim;

/**
 * The simulator alone, for scripts/sim.sh: {@code SimMain SEEDS [--nodes 3|5] [--first N]}.
 * Prints each failing seed with its violations and last events, then the plain line
 * {@code sim: <seeds> seeds, <violations> violations}. Exits 1 when any seed failed.
 */
public final class SimMain {
    private SimMain() {}

    public static void main(String[] args) {
        int seeds = 100;
        Integer nodes = null;
        long first = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--first" -> first = Long.parseLong(args[++i]);
                default -> seeds = Integer.parseInt(args[i]);
            }
        }
        long started = System.nanoTime();
        int violations = 0;
        long ops = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            SimCluster.Options options = nodes == null ? SimRuns.options(seed, false)
                    : SimRuns.options(seed, nodes, false);
            SimCluster.Result result = new SimCluster(options).run();
            ops += result.ops();
            if (!result.ok()) {
                violations++;
                System.out.print(SimRuns.describe(result));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("seeds %d..%d in %.1f s (%.1f seeds/s), %d client ops%n", first, first + seeds - 1, seconds,
                seeds / seconds, ops);
        System.out.println("sim: " + seeds + " seeds, " + violations + " violations");
        System.exit(violations == 0 ? 0 : 1);
    }
}
