package io.pipelinemedic.ingest.rest;

import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.ingest.service.AirflowAlert;
import io.pipelinemedic.ingest.service.AirflowIntake;
import io.pipelinemedic.ingest.service.DbtCloudIntake;
import io.pipelinemedic.ingest.service.DbtCloudWebhook;
import io.pipelinemedic.ingest.service.WebhookReader;
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
 * The webhooks that report failed runs. Each body is verified against its HMAC-SHA256 signature in
 * the {@code Authorization} header (lowercase hex of the raw body) before it is parsed.
 */
@Path("/webhooks")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

  @Inject WebhookReader reader;
  @Inject IngestConfig config;
  @Inject DbtCloudIntake dbtCloud;
  @Inject AirflowIntake airflow;

  @POST
  @Path("/dbt-cloud")
  @Operation(summary = "A dbt Cloud job webhook (job.run.completed / job.run.errored)")
  @APIResponse(responseCode = "202", description = "Failed run accepted, or a duplicate of one")
  @APIResponse(
      responseCode = "200",
      description = "Not a failed run to act on; ignored with a reason")
  @APIResponse(responseCode = "400", description = "Malformed JSON or missing fields")
  @APIResponse(responseCode = "401", description = "Missing or wrong signature")
  @APIResponse(responseCode = "413", description = "Body over the webhook limit")
  public Uni<Response> dbtCloud(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String signature, byte[] body) {
    DbtCloudWebhook webhook =
        reader.read(
            RunSource.DBT_CLOUD,
            config.dbtCloud().secret(),
            signature,
            body,
            DbtCloudWebhook.class);
    return dbtCloud.receive(webhook).map(DeliveryResponses::of);
  }

  @POST
  @Path("/airflow")
  @Operation(summary = "An Airflow alert for a failed dbt task")
  @APIResponse(responseCode = "202", description = "Failed task accepted, or a duplicate of one")
  @APIResponse(responseCode = "200", description = "Not a scheduled run; ignored with a reason")
  @APIResponse(responseCode = "400", description = "Malformed JSON or missing fields")
  @APIResponse(responseCode = "401", description = "Missing or wrong signature")
  @APIResponse(responseCode = "413", description = "Body over the webhook limit")
  public Uni<Response> airflow(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String signature, byte[] body) {
    AirflowAlert alert =
        reader.read(
            RunSource.AIRFLOW, config.airflow().secret(), signature, body, AirflowAlert.class);
    return airflow.receive(alert).map(DeliveryResponses::of);
  }
}
