package io.pipelinemedic.publisher.record;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
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

  /** DELIVERED or FAILED. */
  public String status;

  /** Where it can be found: the pull request, the Slack ts, the Jira key, the report. */
  public String link;

  /** The one-line outcome, the email draft, or why the delivery was given up. */
  public String detail;

  @Column(name = "recorded_at")
  public Instant recordedAt;
}
