package io.pipelinemedic.kb.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An entry that exists at its source but cannot be published as written. */
@Entity
@Table(name = "kb_problem")
public class ProblemRow extends PanacheEntityBase {

  @Id
  @Column(name = "entry_id")
  public String entryId;

  public String source;

  @Column(name = "source_ref")
  public String sourceRef;

  /** One problem per line. */
  public String problems;

  @Column(name = "detected_at")
  public Instant detectedAt;
}
