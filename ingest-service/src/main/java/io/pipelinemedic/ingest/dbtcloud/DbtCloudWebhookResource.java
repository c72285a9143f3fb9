package io.pipelinemedic.ingest.dbtcloud;

import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.ingest.intake.DeliveryResponses;
import io.pipelinemedic.ingest.intake.WebhookReader;
import io.pipelinemedic.schemas.model.RunSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /webhooks/dbt-cloud}: dbt Cloud's job webhooks. The body is verified against its
 * HMAC-SHA256 signature in the {@code Authorization} header (lowercase hex of the raw body) before
 * it is parsed.
 */
@Path("/webhooks/dbt-cloud")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class DbtCloudWebhookResource {

  @Inject WebhookReader reader;
  @Inject IngestConfig config;
  @Inject DbtCloudIntake intake;

  @POST
  @Operation(summary = "A dbt Cloud job webhook (job.run.completed / job.run.errored)")
  @APIResponse(responseCode = "202", description = "Failed run accepted, or a duplicate of one")
  @APIResponse(
      responseCode = "200",
      description = "Not a failed run to act on; ignored with a reason")
  @APIResponse(responseCode = "400", description = "Malformed JSON or missing fields")
  @APIResponse(responseCode = "401", description = "Missing or wrong signature")
  @APIResponse(responseCode = "413", description = "Body over the webhook limit")
  public Uni<Response> deliver(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String signature, byte[] body) {
    DbtCloudWebhook webhook =
        reader.read(
            RunSource.DBT_CLOUD,
            config.dbtCloud().secret(),
            signature,
            body,
            DbtCloudWebhook.class);
    return intake.receive(webhook).map(DeliveryResponses::of);
  }
}
