package io.pipelinemedic.kb.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where the next incremental sync of a source starts, and when it was last read in full. */
@Entity
@Table(name = "kb_sync_cursor")
public class CursorRow extends PanacheEntityBase {

  @Id public String source;

  public String position;

  @Column(name = "last_full_sync_at")
  public Instant lastFullSyncAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
