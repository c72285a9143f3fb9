package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.schemas.model.RunSource;

/** A delivery that was not accepted and published nothing: its HTTP status and the reason. */
public class RejectedDelivery extends RuntimeException {

  private final int status;
  private final String reporter;

  public RejectedDelivery(RunSource source, int status, String reason) {
    this(source.name(), status, reason);
  }

  /** A delivery of {@code reporter} (a run source, or GITHUB) refused with {@code status}. */
  public RejectedDelivery(String reporter, int status, String reason) {
    super(reason, null, false, false);
    this.reporter = reporter;
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** Who sent the delivery: a run source's name, or GITHUB. */
  public String reporter() {
    return reporter;
  }
}
