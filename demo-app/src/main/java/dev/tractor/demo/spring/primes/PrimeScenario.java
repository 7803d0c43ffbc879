package dev.tractor.demo.spring.primes;

import dev.tractor.ActorRuntime;
import dev.tractor.RemoteActorError;
import dev.tractor.spring.ConditionalOnRootActor;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's scenario, run once when the application starts (root only): counts the primes below two million
 * with four worker actors (child JVMs, each with its PID) streaming their progress, pauses, resumes and stops a
 * worker over a bidirectional context, then provokes a failure on
 * purpose — a worker reaching a "poisoned" number — to show one-cancels-all and the remote error with its remote
 * stack trace, kills a worker's process to show a death cancelling its siblings, then lets a supervised worker
 * pool restart a killed worker without losing its work, and prints a summary. Then the application keeps serving (the page at {@code /}, the jobs API,
 * the actuator) unless {@code demo.exit-after-scenario=true}.
 */
@Component
@ConditionalOnRootActor
@Order(2)
public class PrimeScenario implements ApplicationRunner {

    private final PrimeJobs jobs;
    private final ActorRuntime runtime;
    private final ApplicationContext context;
    private final boolean exitAfter;
    private final int workers;
    private final long limit;
    private final List<String> summary = new CopyOnWriteArrayList<>();
    private final PrintStream out = System.out;

    public PrimeScenario(PrimeJobs jobs, ActorRuntime runtime, ApplicationContext context,
                         @Value("${demo.exit-after-scenario:false}") boolean exitAfter,
                         @Value("${demo.workers:4}") int workers, @Value("${demo.limit:2000000}") long limit) {
        this.jobs = jobs;
        this.runtime = runtime;
        this.context = context;
        this.exitAfter = exitAfter;
        this.workers = workers;
        this.limit = limit;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        say("== 1. counting the primes below %,d with %d worker actors (child JVMs)", limit, workers);
        PrimeJob job = jobs.start(workers, limit, 0);
        ProgressConsole.follow(job, out);
        say("job %s: %s primes below %,d, in %d ms", job.id(), job.status().equals("done") ? String.format("%,d",
                job.primes()) : job.status(), limit, job.took().toMillis());
        summary.add("primes below " + limit + ": " + job.primes());

        say("== 2. a bidirectional context: pausing, resuming and stopping a worker");
        List<String> states = ControlledWorker.run(runtime, out);
        summary.add("control: " + String.join(", ", states));

        say("== 3. INTENTIONAL FAILURE (demo): a worker reaches a poisoned number; its siblings are cancelled");
        long poison = 2 + limit / workers + limit / (10L * workers);   // a tenth into the second worker's slice
        PrimeJob failing = jobs.start(workers, limit, poison);
        ProgressConsole.follow(failing, out);
        RemoteActorError error = failing.remoteError();
        if (error != null) {
            say("job %s failed as intended: %s", failing.id(), failing.error());
            say("the remote stack trace, from actor %s:", error.source());
            error.remoteTraceback().lines().limit(4).forEach(l -> out.println("    " + l));
            summary.add("failure: " + error.remoteType() + " in " + error.source().name());
        }
        say("== 4. INTENTIONAL FAILURE (demo): a worker's process is killed (SIGKILL); its siblings are cancelled");
        PrimeJob killed = jobs.start(workers, limit * 4, 0);
        long victim = awaitFirstPid(killed);
        if (victim > 0) {
            say("killing worker process %d", victim);
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
        }
        ProgressConsole.follow(killed, out);
        say("job %s: %s", killed.id(), killed.status().equals("failed") ? "failed as intended: " + killed.error()
                : killed.status());
        summary.add("killed: " + killed.status());

        say("== 5. SUPERVISION: a worker pool restarts a killed worker (one-for-one) and the count stays right");
        SupervisedCount.Outcome supervised = SupervisedCount.run(runtime, workers, limit, out);
        say("%,d primes below %,d; worker %s was restarted %d time(s) after: %s", supervised.primes(), limit,
                supervised.worker(), supervised.restarts(), supervised.cause());
        summary.add("supervised: " + supervised.primes() + " primes, " + supervised.restarts() + " restart(s)");
        say("== summary: %s", String.join("; ", summary));
        if (exitAfter) {
            say("demo.exit-after-scenario=true: stopping");
            Thread.ofPlatform().start(() -> System.exit(org.springframework.boot.SpringApplication.exit(context)));
            return;
        }
        int port = context instanceof WebServerApplicationContext web && web.getWebServer() != null
                ? web.getWebServer().getPort() : 8080;
        say("open http://localhost:%d/ to watch the actor tree and start jobs — Ctrl-C to stop", port);
    }

    /** The pid of the job's first worker once it reports progress (at most 60 s), or 0. */
    private static long awaitFirstPid(PrimeJob job) throws InterruptedException {
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - giveUp < 0 && (job.status().equals("starting") || job.status().equals("running"))) {
            for (PrimeJob.WorkerProgress p : job.progress()) {
                if (p.pid() > 0) {
                    return p.pid();
                }
            }
            Thread.sleep(20);
        }
        return 0;
    }

    /** What the scenario found, for tests. */
    public List<String> summary() {
        return List.copyOf(summary);
    }

    private void say(String format, Object... args) {
        out.println("[demo] " + String.format(format, args));
    }
}
