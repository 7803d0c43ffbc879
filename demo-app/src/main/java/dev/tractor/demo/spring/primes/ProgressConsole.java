package dev.tractor.demo.spring.primes;

import java.io.PrintStream;

/** Prints a job's progress while it runs, a line a second, and its summary when it ends. */
final class ProgressConsole {

    private static final int BAR = 20;

    private ProgressConsole() {
    }

    /** Prints {@code job}'s progress every second until it has ended. */
    static void follow(PrimeJob job, PrintStream out) throws InterruptedException {
        while (job.status().equals("starting") || job.status().equals("running")) {
            if (job.status().equals("running")) {
                out.println(line(job));
            }
            Thread.sleep(1_000);
        }
        out.println(line(job));
    }

    static String line(PrimeJob job) {
        StringBuilder sb = new StringBuilder("[job " + job.id() + "]");
        for (PrimeJob.WorkerProgress p : job.progress()) {
            long pct = p.to() == p.from() ? 100 : 100 * p.checked() / (p.to() - p.from());
            int filled = (int) (BAR * pct / 100);
            sb.append("  ").append(p.name()).append(" (pid ").append(p.pid()).append(") [")
                    .append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                    .append(pct).append("% ").append(p.state());
        }
        return sb.toString();
    }
}
