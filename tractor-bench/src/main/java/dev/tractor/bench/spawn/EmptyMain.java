package dev.tractor.bench.spawn;

/** The JVM floor of the spawn workload: a main that prints one line and exits. */
public final class EmptyMain {

    private EmptyMain() {
    }

    public static void main(String[] args) {
        System.out.println("ready");
    }
}
