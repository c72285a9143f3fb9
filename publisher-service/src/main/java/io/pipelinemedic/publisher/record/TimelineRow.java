package io.pipelinemedic.publisher.record;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One event of an incident's timeline: who produced it, when, and what it says in one line. */
@Entity
@Table(name = "timeline_entry")
public class TimelineRow extends PanacheEntityBase {

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "incident_id")
  public String incidentId;

  public String topic;

  public String producer;

  @Column(name = "occurred_at")
  public Instant occurredAt;

  @Column(name = "recorded_at")
  public Instant recordedAt;

  public String summary;

  /** The event itself, JSON. */
  public String event;
}
