package dev.fling.runtime.local;

/**
 * How the local runtime shares its {@code max-clusters} places between jobs and the warm pool.
 * A pooled cluster holds a place, but never at a job's expense: a launch that finds no pooled
 * cluster it fits takes the place of an idle one rather than wait, so that no launch waits that
 * would have run without a pool. The pool refills one cluster at a time, only into places no job
 * wants (one start at a time also keeps two cores for the clusters that run jobs). Pure.
 */
final class LocalCapacity {

    private LocalCapacity() {}

    /** What to do for the next job let in. */
    enum Move {
        /** Take a ready pooled cluster it fits. */
        WARM,
        /** Start a cluster of its own in a free place. */
        COLD,
        /** Take down an idle pooled cluster and start a cluster of its own in its place. */
        COLD_IN_POOLED_PLACE,
        /** No place: every one runs a job. */
        WAIT
    }

    /**
     * @param running clusters running jobs
     * @param pooled pooled clusters, starting or ready
     * @param fitting ready pooled clusters the job fits
     */
    static Move next(int running, int pooled, int fitting, int maxClusters) {
        if (fitting > 0) {
            return Move.WARM;
        }
        if (running + pooled < maxClusters) {
            return Move.COLD;
        }
        return running < maxClusters && pooled > 0 ? Move.COLD_IN_POOLED_PLACE : Move.WAIT;
    }

    /**
     * Whether to start one more pooled cluster now. Not while a job that took a pooled cluster is
     * still on its way to running: starting two JVMs beside it would slow down the very launch the
     * pool is there to make fast (on two cores, by seconds: docs/benchmarks.md).
     */
    static boolean refill(int running, int pooled, int starting, int size, int maxClusters, boolean launchesWaiting,
            boolean warmStartUnderWay) {
        return !launchesWaiting && !warmStartUnderWay && starting == 0 && pooled < size
                && running + pooled < maxClusters;
    }
}
