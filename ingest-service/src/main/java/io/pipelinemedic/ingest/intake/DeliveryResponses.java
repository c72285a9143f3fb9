package io.pipelinemedic.ingest.intake;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * HTTP answers to a delivery: 202 for what the pipeline takes in (accepted and duplicate runs, a
 * failing job's pass, a closed pull request), 200 for ignored ones.
 */
public final class DeliveryResponses {

  private DeliveryResponses() {}

  public static Response of(DeliveryOutcome outcome) {
    int status = outcome.taken() ? 202 : 200;
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(outcome).build();
  }
}
