package io.pipelinemedic.ingest.airflow;

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
 * {@code POST /webhooks/airflow}: the alert an Airflow failure callback posts for a failed dbt
 * task. The body is verified against its HMAC-SHA256 signature in the {@code Authorization} header
 * (lowercase hex of the raw body) before it is parsed.
 */
@Path("/webhooks/airflow")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AirflowWebhookResource {

  @Inject WebhookReader reader;
  @Inject IngestConfig config;
  @Inject AirflowIntake intake;

  @POST
  @Operation(summary = "An Airflow alert for a failed dbt task")
  @APIResponse(responseCode = "202", description = "Failed task accepted, or a duplicate of one")
  @APIResponse(responseCode = "200", description = "Not a scheduled run; ignored with a reason")
  @APIResponse(responseCode = "400", description = "Malformed JSON or missing fields")
  @APIResponse(responseCode = "401", description = "Missing or wrong signature")
  @APIResponse(responseCode = "413", description = "Body over the webhook limit")
  public Uni<Response> deliver(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String signature, byte[] body) {
    AirflowAlert alert =
        reader.read(
            RunSource.AIRFLOW, config.airflow().secret(), signature, body, AirflowAlert.class);
    return intake.receive(alert).map(DeliveryResponses::of);
  }
}
