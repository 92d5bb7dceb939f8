package dev.fling.chaos;

/**
 * The time a plan draws: how long a fault lasts, and the pause before a request. That time is
 * what the run injects (a broker down for 3 s, requests at the plan's pace), so it is held, not
 * awaited as a condition; every wait for the system's state goes through Awaitility instead.
 */
final class ChaosTime {

    private ChaosTime() {}

    static void hold(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
