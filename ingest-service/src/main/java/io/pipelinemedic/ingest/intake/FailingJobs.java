package io.pipelinemedic.ingest.intake;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The jobs whose last accepted run failed, in the current transaction: a failed run marks its job,
 * a later passing run clears the mark once, so that exactly one delivery of it says the job is
 * healthy again.
 */
@ApplicationScoped
public class FailingJobs {

  /** The latest failure marks the job; every failure's incident is kept (ids hold no comma). */
  private static final String FAILED =
      """
      insert into {h-schema}failing_job as j (job_key, failed_run_key, failed_at, incident_ids)
      values (:job, :run, :at, :incident)
      on conflict (job_key) do update set
          failed_run_key = case when j.failed_at <= excluded.failed_at
              then excluded.failed_run_key else j.failed_run_key end,
          failed_at = greatest(j.failed_at, excluded.failed_at),
          incident_ids = j.incident_ids || ',' || excluded.incident_ids
      """;

  /** Only a run that ended after the failure clears it: deliveries can arrive out of order. */
  private static final String PASSED =
      "delete from {h-schema}failing_job where job_key = :job and failed_at <= :at"
          + " returning incident_ids";

  /** Marks {@code job} failing since {@code at}, by the run {@code runKey} of {@code incident}. */
  public Uni<Void> failed(String job, String runKey, Instant at, String incident) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(FAILED)
                    .setParameter("job", job)
                    .setParameter("run", runKey)
                    .setParameter("at", at)
                    .setParameter("incident", incident)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /**
   * Clears {@code job}'s mark for a run that passed at {@code at}: the incidents of its failed runs
   * since it last passed, or empty when it was not failing.
   */
  public Uni<Optional<List<String>>> passed(String job, Instant at) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(PASSED, String.class)
                    .setParameter("job", job)
                    .setParameter("at", at)
                    .getResultList())
        .map(
            rows ->
                rows.isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                        Arrays.stream(rows.get(0).split(","))
                            .filter(id -> !id.isEmpty())
                            .distinct()
                            .toList()));
  }
}
