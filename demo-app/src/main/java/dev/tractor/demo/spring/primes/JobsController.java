package dev.tractor.demo.spring.primes;

import dev.tractor.spring.ConditionalOnRootActor;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's HTTP API: {@code POST /jobs?workers=4&limit=2000000} starts a job (202, with its location),
 * {@code GET /jobs/{id}} shows its progress and result, {@code GET /jobs} lists them.
 */
@RestController
@ConditionalOnRootActor
public class JobsController {

    private final PrimeJobs jobs;

    public JobsController(PrimeJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/jobs")
    public ResponseEntity<Map<String, Object>> start(@RequestParam(defaultValue = "4") int workers,
                                                     @RequestParam(defaultValue = "2000000") long limit,
                                                     @RequestParam(defaultValue = "0") long poison) {
        PrimeJob job = jobs.start(workers, limit, poison);
        return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id())).body(job.view());
    }

    @GetMapping("/jobs/{id}")
    public ResponseEntity<Map<String, Object>> job(@PathVariable String id) {
        return jobs.job(id).map(j -> ResponseEntity.ok(j.view()))
                .orElse(ResponseEntity.status(404).body(Map.of("error", "no job " + id)));
    }

    @GetMapping("/jobs")
    public List<Map<String, Object>> all() {
        return jobs.jobs().stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.id()), Integer.parseInt(b.id())))
                .map(PrimeJob::view).toList();
    }
}
