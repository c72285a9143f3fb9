package io.pipelinemedic.ingest.intake;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** HTTP answers to a delivery: 202 for accepted and duplicate runs, 200 for ignored ones. */
public final class DeliveryResponses {

  private DeliveryResponses() {}

  public static Response of(DeliveryOutcome outcome) {
    int status = outcome.incidentId() != null ? 202 : 200;
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(outcome).build();
  }
}
