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

  /** The job the run is a run of ({@code RunRef#jobKey}): its passing run resolves the incident. */
  @Column(name = "job_key")
  public String jobKey;

  @Column(name = "run_id")
  public String runId;

  /**
   * The furthest stage seen (RECEIVED, IGNORED, CONTEXT_READY, CLASSIFIED, … PUBLISHED, RESOLVED,
   * DISMISSED, FIXED), or FAILED while a service has given up on it.
   */
  public String status;

  /** While FAILED, the stage it had reached; a redriven event goes on from there. */
  @Column(name = "failed_stage")
  public String failedStage;

  @Column(name = "failure_class")
  public String failureClass;

  public String action;

  public String owner;

  /** What its fix attempts cost in model usage, US dollars. */
  @Column(name = "cost_usd")
  public double costUsd;

  @Column(name = "received_at")
  public Instant receivedAt;

  @Column(name = "published_at")
  public Instant publishedAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** When a run of the job passed after the failed one. */
  @Column(name = "resolved_at")
  public Instant resolvedAt;

  /** The run that passed. */
  @Column(name = "resolved_by_run")
  public String resolvedByRun;

  /** When the fix's pull request was merged. */
  @Column(name = "fixed_at")
  public Instant fixedAt;

  /** The merge commit of the fix. */
  @Column(name = "fix_commit")
  public String fixCommit;

  /** When the fix's pull request was closed without merging. */
  @Column(name = "dismissed_at")
  public Instant dismissedAt;

  /** Who merged or closed the fix's pull request. */
  @Column(name = "reviewed_by")
  public String reviewedBy;

  /** The channel of the incident's Slack message. */
  @Column(name = "slack_channel")
  public String slackChannel;

  /** The incident's Slack message, parent of its thread. */
  @Column(name = "slack_ts")
  public String slackTs;
}
