package io.pipelinemedic.ingest.intake;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Claims runs: the first delivery of a run wins, later ones are counted as duplicates. */
@ApplicationScoped
public class SeenRunRepository implements PanacheRepositoryBase<SeenRun, String> {

  /**
   * One statement, so that concurrent deliveries of a run serialize on its primary key: the first
   * inserts, the others wait for its transaction and then only count themselves. {@code xmax = 0}
   * is true only for a freshly inserted row.
   */
  private static final String CLAIM =
      """
      insert into {h-schema}seen_run as r
          (run_key, incident_id, source, first_delivery_id, deliveries, first_seen_at, last_seen_at)
      values (:runKey, :incidentId, :source, :deliveryId, 1, now(), now())
      on conflict (run_key) do update
          set deliveries = r.deliveries + 1, last_seen_at = now()
      returning r.incident_id, (r.xmax = 0) as inserted
      """;

  /** The result of a claim: the run's incident and whether this delivery was the first. */
  public record Claim(String incidentId, boolean isNew) {}

  /** Claims {@code run} within the current transaction. */
  public Uni<Claim> claim(RunIdentity run, String deliveryId) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(CLAIM, Object[].class)
                    .setParameter("runKey", run.key())
                    .setParameter("incidentId", run.incidentId())
                    .setParameter("source", run.source().name())
                    .setParameter("deliveryId", deliveryId)
                    .getSingleResult())
        .map(row -> new Claim((String) row[0], (Boolean) row[1]));
  }
}
