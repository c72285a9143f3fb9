package io.pipelinemedic.ingest.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.ingest.intake.DeliveryOutcome;
import io.pipelinemedic.ingest.intake.IngestService;
import io.pipelinemedic.ingest.intake.RejectedDelivery;
import io.pipelinemedic.ingest.intake.RunIdentity;
import io.pipelinemedic.ingest.intake.Times;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.service.ArtifactStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what a dbt Core upload means: a scheduled run with failed nodes, or one that stopped
 * before writing run_results.json (its log alone), becomes {@code run.failed}, its artifacts moved
 * into the artifact store; its run id is dbt's invocation id (for a log alone, the log's hash). A
 * run with results and no failed node, scheduled or manual (not CI, which tests a branch), becomes
 * {@code run.passed} when its job (in its environment) was failing.
 */
@ApplicationScoped
public class RunUploadIntake {

  @Inject IngestService ingest;
  @Inject ArtifactStore store;
  @Inject ObjectMapper json;
  @Inject Vertx vertx;

  public Uni<DeliveryOutcome> receive(RunUpload upload) {
    return vertx
        .executeBlocking(Uni.createFrom().item(() -> summarize(upload)))
        .flatMap(summary -> decide(upload, summary));
  }

  private Uni<DeliveryOutcome> decide(RunUpload upload, RunResultsSummary summary) {
    if (summary.failures() == 0
        && summary.results() > 0
        && !RunUpload.CI.equals(upload.trigger())) {
      return ingest.passed(
          new RunPassed(
              IngestService.envelope("dbt-core:" + upload.project() + ":" + summary.invocationId()),
              RunSource.DBT_CORE,
              "dbt.run.uploaded",
              runRef(upload, summary, "success", summary.results() + " nodes passed"),
              List.of()));
    }
    if (!RunUpload.SCHEDULE.equals(upload.trigger())) {
      return ingest.ignore(
          RunSource.DBT_CORE, "trigger " + upload.trigger() + " is not a scheduled run");
    }
    if (summary.failures() == 0) {
      return ingest.ignore(
          RunSource.DBT_CORE,
          "run " + summary.invocationId() + " has no failed or errored node, and no result");
    }
    RunIdentity identity =
        new RunIdentity(RunSource.DBT_CORE, upload.project(), summary.invocationId());
    return ingest.accept(
        identity,
        summary.invocationId(),
        incidentId ->
            vertx
                .executeBlocking(Uni.createFrom().item(() -> storeArtifacts(incidentId, upload)))
                .map(artifacts -> toEvent(incidentId, upload, summary, artifacts)));
  }

  private RunResultsSummary summarize(RunUpload upload) {
    if (upload.runResults() == null) {
      return RunResultsSummary.ofLog(upload.dbtLog());
    }
    RunResultsSummary summary;
    try {
      summary = RunResultsSummary.read(json.getFactory(), upload.runResults());
    } catch (IOException e) {
      throw new RejectedDelivery(
          RunSource.DBT_CORE, 400, "run_results is not valid run_results.json: " + e.getMessage());
    }
    if (summary.invocationId() == null || summary.invocationId().isBlank()) {
      throw new RejectedDelivery(
          RunSource.DBT_CORE, 400, "run_results has no metadata.invocation_id");
    }
    return summary;
  }

  private List<ArtifactRef> storeArtifacts(String incidentId, RunUpload upload) {
    List<ArtifactRef> artifacts = new ArrayList<>();
    if (upload.runResults() != null) {
      artifacts.add(store.store(incidentId, "run_results.json", upload.runResults()));
    }
    if (upload.manifest() != null) {
      artifacts.add(store.store(incidentId, "manifest.json", upload.manifest()));
    }
    if (upload.dbtLog() != null) {
      artifacts.add(store.store(incidentId, "dbt.log", upload.dbtLog()));
    }
    if (upload.sources() != null) {
      artifacts.add(store.store(incidentId, "sources.json", upload.sources()));
    }
    return artifacts;
  }

  private static RunRef runRef(
      RunUpload upload, RunResultsSummary summary, String status, String message) {
    return new RunRef(
        upload.project(),
        null,
        upload.project(),
        null,
        upload.environment(),
        upload.job(),
        upload.job(),
        summary.invocationId(),
        status,
        null,
        message,
        upload.trigger(),
        null,
        Times.parse(summary.generatedAt()),
        summary.dbtVersion(),
        upload.gitSha(),
        upload.gitBranch());
  }

  private static RunFailed toEvent(
      String incidentId, RunUpload upload, RunResultsSummary summary, List<ArtifactRef> artifacts) {
    RunRef run =
        runRef(
            upload,
            summary,
            "error",
            upload.runResults() == null
                ? "dbt stopped before it wrote run_results.json"
                : summary.failures() + " of " + summary.results() + " nodes failed or errored");
    return new RunFailed(
        Envelope.create(incidentId, IngestService.PRODUCER, Instant.now()),
        RunSource.DBT_CORE,
        summary.invocationId(),
        "dbt.run.uploaded",
        true,
        run,
        null,
        null,
        artifacts);
  }
}
