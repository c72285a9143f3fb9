package io.pipelinemedic.publisher.record;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One incident as far as the pipeline has taken it. */
@Entity
@Table(name = "incident")
public class IncidentRow extends PanacheEntityBase {

  @Id
  @Column(name = "incident_id")
  public String incidentId;

  @Column(name = "job_name")
  public String jobName;

  @Column(name = "run_id")
  public String runId;

  /** The furthest stage seen: RECEIVED, IGNORED, CONTEXT_READY, CLASSIFIED, FIXED, REPORTED… */
  public String status;

  @Column(name = "failure_class")
  public String failureClass;

  public String action;

  public String owner;

  @Column(name = "received_at")
  public Instant receivedAt;

  @Column(name = "published_at")
  public Instant publishedAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** The channel of the incident's Slack message. */
  @Column(name = "slack_channel")
  public String slackChannel;

  /** The incident's Slack message, parent of its thread. */
  @Column(name = "slack_ts")
  public String slackTs;
}
