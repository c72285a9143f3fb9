package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.schemas.model.RunSource;

/** A delivery that was not accepted and published nothing: its HTTP status and the reason. */
public class RejectedDelivery extends RuntimeException {

  private final int status;
  private final RunSource source;

  public RejectedDelivery(RunSource source, int status, String reason) {
    super(reason, null, false, false);
    this.source = source;
    this.status = status;
  }

  public int status() {
    return status;
  }

  public RunSource source() {
    return source;
  }
}
