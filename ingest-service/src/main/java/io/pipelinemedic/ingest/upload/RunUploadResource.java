package io.pipelinemedic.ingest.upload;

import io.pipelinemedic.ingest.intake.DeliveryResponses;
import io.pipelinemedic.ingest.intake.RejectedDelivery;
import io.pipelinemedic.schemas.model.RunSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /runs}: a dbt Core run (cron or CI) reported with its artifacts as multipart parts,
 * which are streamed to disk, never held in memory. Authorized by a bearer token checked before the
 * body is read.
 */
@Path("/runs")
public class RunUploadResource {

  @Inject RunUploadIntake intake;

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "A dbt Core run with run_results.json and manifest.json (and its dbt_log), or a run that"
              + " stopped before writing them with its dbt_log alone")
  @APIResponse(responseCode = "202", description = "Failed run accepted, or a duplicate of one")
  @APIResponse(responseCode = "200", description = "No failed node, or not scheduled; ignored")
  @APIResponse(responseCode = "400", description = "A part is missing or run_results is not valid")
  @APIResponse(responseCode = "401", description = "Missing or wrong bearer token")
  public Uni<Response> upload(
      @RestForm("run_results") FileUpload runResults,
      @RestForm("manifest") FileUpload manifest,
      @RestForm("sources") FileUpload sources,
      @RestForm("dbt_log") FileUpload dbtLog,
      @RestForm("project") String project,
      @RestForm("environment") String environment,
      @RestForm("job") String job,
      @RestForm("trigger") String trigger,
      @RestForm("git_sha") String gitSha,
      @RestForm("git_branch") String gitBranch) {
    if (present(runResults) || !present(dbtLog)) {
      require(runResults, "run_results");
      require(manifest, "manifest");
    }
    if (project == null || project.isBlank()) {
      throw new RejectedDelivery(RunSource.DBT_CORE, 400, "missing required field(s): project");
    }
    RunUpload upload =
        new RunUpload(
            present(runResults) ? runResults.uploadedFile() : null,
            present(manifest) ? manifest.uploadedFile() : null,
            sources == null ? null : sources.uploadedFile(),
            present(dbtLog) ? dbtLog.uploadedFile() : null,
            project,
            environment,
            job,
            trigger == null || trigger.isBlank() ? RunUpload.SCHEDULE : trigger,
            gitSha,
            gitBranch);
    return intake.receive(upload).map(DeliveryResponses::of);
  }

  private static boolean present(FileUpload part) {
    return part != null && part.uploadedFile() != null;
  }

  private static void require(FileUpload part, String name) {
    if (!present(part)) {
      throw new RejectedDelivery(RunSource.DBT_CORE, 400, "missing file part " + name);
    }
  }
}
