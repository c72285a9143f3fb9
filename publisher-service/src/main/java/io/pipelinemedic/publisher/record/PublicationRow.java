package io.pipelinemedic.publisher.record;

import io.pipelinemedic.publisher.publication.DeliveryStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One outcome event's delivery on one channel: delivered with its link, or given up with why. */
@Entity
@Table(name = "publication")
public class PublicationRow extends PanacheEntityBase {

  /** The outcome (see {@code Deliveries.Outcome#key}) and the channel. */
  @Embeddable
  public record Key(
      @Column(name = "outcome_key") String outcome, @Column(name = "channel") String channel)
      implements Serializable {}

  @EmbeddedId public Key key;

  @Column(name = "incident_id")
  public String incidentId;

  @Column(name = "group_id")
  public String groupId;

  @Column(name = "root_cause")
  public String rootCause;

  @Enumerated(EnumType.STRING)
  public DeliveryStatus status;

  /** Where it can be found, as its channel keeps its receipt (see {@code OutcomeChannel}). */
  public String link;

  /** The receipt's one line as its channel keeps it, or why the delivery was given up. */
  public String detail;

  @Column(name = "recorded_at")
  public Instant recordedAt;
}
