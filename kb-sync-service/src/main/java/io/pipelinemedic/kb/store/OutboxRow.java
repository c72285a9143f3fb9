package io.pipelinemedic.kb.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A change waiting for, or done with, its publication on {@code kb.entries}. */
@Entity
@Table(name = "kb_outbox")
public class OutboxRow extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "entry_id")
  public String entryId;

  /** The event's {@code ce_id}: the same for every attempt to publish this change. */
  @Column(name = "event_id")
  public UUID eventId;

  /** The {@code kb.entries} event, JSON; null for a tombstone. */
  public String payload;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "published_at")
  public Instant publishedAt;
}
