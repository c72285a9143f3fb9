package io.pipelinemedic.ingest.intake;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a refused or unrecordable delivery with its status and reason as JSON, and counts it. */
public class RejectedDeliveryMapper {

  private static final Logger LOG = Logger.getLogger(RejectedDeliveryMapper.class);

  @Inject DeliveryMetrics metrics;

  @ServerExceptionMapper
  public Response rejected(RejectedDelivery rejection) {
    DeliveryOutcome outcome =
        rejection.status() >= 500
            ? DeliveryOutcome.unavailable(rejection.getMessage())
            : DeliveryOutcome.rejected(rejection.getMessage());
    metrics.count(rejection.reporter(), outcome);
    LOG.warnf(
        "rejected %s delivery with %d: %s",
        rejection.reporter(), rejection.status(), rejection.getMessage());
    return Response.status(rejection.status())
        .type(MediaType.APPLICATION_JSON)
        .entity(outcome)
        .build();
  }
}
