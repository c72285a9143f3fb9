package io.pipelinemedic.ingest.intake;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The jobs whose last accepted run failed, in the current transaction: a failed run marks its job,
 * a later passing run clears the mark once, so that exactly one delivery of it says the job is
 * healthy again.
 */
@ApplicationScoped
public class FailingJobs {

  private static final String FAILED =
      """
      insert into {h-schema}failing_job as j (job_key, failed_run_key, failed_at)
      values (:job, :run, :at)
      on conflict (job_key) do update
          set failed_run_key = excluded.failed_run_key, failed_at = excluded.failed_at
          where j.failed_at <= excluded.failed_at
      """;

  /** Only a run that ended after the failure clears it: deliveries can arrive out of order. */
  private static final String PASSED =
      "delete from {h-schema}failing_job where job_key = :job and failed_at <= :at";

  /** Marks {@code job} failing since {@code at}, by the run {@code runKey}. */
  public Uni<Void> failed(String job, String runKey, Instant at) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(FAILED)
                    .setParameter("job", job)
                    .setParameter("run", runKey)
                    .setParameter("at", at)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** Clears {@code job}'s mark for a run that passed at {@code at}; whether there was one. */
  public Uni<Boolean> passed(String job, Instant at) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(PASSED)
                    .setParameter("job", job)
                    .setParameter("at", at)
                    .executeUpdate())
        .map(deleted -> deleted > 0);
  }
}
