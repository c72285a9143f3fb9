package io.pipelinemedic.ingest.airflow;

import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.ingest.intake.DeliveryResponses;
import io.pipelinemedic.ingest.intake.RejectedDelivery;
import io.pipelinemedic.ingest.intake.SignedMultipart;
import io.pipelinemedic.ingest.intake.WebhookReader;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.service.VertxAwait;
import io.smallrye.common.annotation.Blocking;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /webhooks/airflow}: the alert an Airflow callback posts, as JSON or (from {@code
 * MedicNotifier}) as multipart with the dbt task's artifacts; either way the raw body is verified
 * against the hex HMAC-SHA256 in the {@code Authorization} header before anything of it is read.
 */
@Path("/webhooks/airflow")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AirflowWebhookResource {

  @Inject WebhookReader reader;
  @Inject IngestConfig config;
  @Inject AirflowIntake intake;

  /** Where a multipart body is taken to: on the artifact store's disk, so a part moves into it. */
  @ConfigProperty(name = "quarkus.http.body.uploads-directory")
  java.nio.file.Path uploads;

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
    return intake.receive(alert, AirflowUpload.NONE).map(DeliveryResponses::of);
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Blocking
  @Operation(
      summary =
          "An Airflow alert (part alert) with the failed dbt task's run_results, manifest and"
              + " sources, or artifacts_missing saying why they are not there")
  @APIResponse(responseCode = "202", description = "Failed task accepted, or a duplicate of one")
  @APIResponse(responseCode = "200", description = "Not a scheduled run; ignored with a reason")
  @APIResponse(responseCode = "400", description = "Not the expected parts, or a bad alert")
  @APIResponse(responseCode = "401", description = "Missing or wrong signature")
  public Response deliverWithArtifacts(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String signature,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body) {
    SignedMultipart parts =
        SignedMultipart.read(
            RunSource.AIRFLOW.name(),
            config.airflow().secret(),
            signature,
            contentType,
            body,
            uploads,
            AirflowUpload.FIELDS,
            AirflowUpload.FILES);
    try (parts) {
      String alert = parts.fields().get(AirflowUpload.ALERT);
      if (alert == null) {
        throw new RejectedDelivery(RunSource.AIRFLOW, 400, "missing part " + AirflowUpload.ALERT);
      }
      AirflowAlert parsed =
          reader.parse(
              RunSource.AIRFLOW.name(), alert.getBytes(StandardCharsets.UTF_8), AirflowAlert.class);
      AirflowUpload upload = AirflowUpload.of(parts, !parsed.succeeded());
      // read on a worker thread (the body streams to disk); recorded on a Vert.x context
      return DeliveryResponses.of(VertxAwait.await(() -> intake.receive(parsed, upload)));
    }
  }
}
