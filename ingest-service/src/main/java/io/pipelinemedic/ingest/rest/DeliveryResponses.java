package io.pipelinemedic.ingest.rest;

import io.pipelinemedic.ingest.service.DeliveryOutcome;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** HTTP answers to a delivery: 202 for accepted and duplicate runs, 200 for ignored ones. */
final class DeliveryResponses {

  private DeliveryResponses() {}

  static Response of(DeliveryOutcome outcome) {
    int status = outcome.incidentId() != null ? 202 : 200;
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(outcome).build();
  }
}
