package io.pipelinemedic.kb.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The current version of a KB entry; a deleted entry keeps its row so its versions go on. */
@Entity
@Table(name = "kb_entry")
public class EntryRow extends PanacheEntityBase {

  @Id public String id;

  public String source;

  public int version;

  public boolean deleted;

  @Column(name = "content_hash")
  public String contentHash;

  /** The entry as published, JSON. */
  public String document;

  @Column(name = "changed_at")
  public Instant changedAt;
}
