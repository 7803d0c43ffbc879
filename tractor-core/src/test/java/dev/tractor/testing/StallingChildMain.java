package dev.tractor.testing;

/** A child main that never connects back: for spawn-timeout tests. */
public final class StallingChildMain {

    private StallingChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.err.println("stalling child " + args[0] + " will never connect");
        Thread.sleep(120_000);
    }
}
