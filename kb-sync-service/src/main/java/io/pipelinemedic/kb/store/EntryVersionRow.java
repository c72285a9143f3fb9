package io.pipelinemedic.kb.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One version of a KB entry, kept for history; a deletion is a version without a document. */
@Entity
@Table(name = "kb_entry_version")
@IdClass(EntryVersionRow.Key.class)
public class EntryVersionRow extends PanacheEntityBase {

  @Id
  @Column(name = "entry_id")
  public String entryId;

  @Id public int version;

  public boolean deleted;

  public String document;

  @Column(name = "recorded_at")
  public Instant recordedAt;

  /** The primary key: entry id and version. */
  public record Key(String entryId, int version) implements Serializable {}
}
