package io.pipelinemedic.ingest.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A run ingest-service has accepted, and how many deliveries announced it. */
@Entity
@Table(name = "seen_run")
public class SeenRun extends PanacheEntityBase {

  /** {@code source:account:runId}, the run's identity. */
  @Id
  @Column(name = "run_key")
  public String runKey;

  @Column(name = "incident_id", nullable = false)
  public String incidentId;

  @Column(nullable = false)
  public String source;

  /** The reporter's id of the first delivery, when it has one. */
  @Column(name = "first_delivery_id")
  public String firstDeliveryId;

  /** Deliveries received for this run, the first included. */
  @Column(nullable = false)
  public int deliveries;

  @Column(name = "first_seen_at", nullable = false)
  public Instant firstSeenAt;

  @Column(name = "last_seen_at", nullable = false)
  public Instant lastSeenAt;
}
