package io.pipelinemedic.ingest.airflow;

import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.ingest.intake.DeliveryOutcome;
import io.pipelinemedic.ingest.intake.IngestService;
import io.pipelinemedic.ingest.intake.RejectedDelivery;
import io.pipelinemedic.ingest.intake.RunIdentity;
import io.pipelinemedic.ingest.intake.Times;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.model.AirflowTask;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.service.ArtifactStore;
import io.pipelinemedic.service.http.UserInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what a verified Airflow alert means: a dbt task failed in a scheduled DAG run becomes
 * {@code run.failed} (once per DAG run and task, whichever try), its artifacts moved into the
 * artifact store when they came with the alert, else pointing at the uploaded {@code target/}
 * folder; a DAG run that succeeded (of any run type: a manual rerun that passes ends the incident
 * too) becomes {@code run.passed} when the DAG was failing.
 */
@ApplicationScoped
public class AirflowIntake {

  static final String SCHEDULED = "scheduled";

  @Inject IngestService ingest;
  @Inject IngestConfig config;
  @Inject ArtifactStore store;
  @Inject Vertx vertx;

  /** What {@code alert} (with {@code upload}, for a multipart alert) means. */
  public Uni<DeliveryOutcome> receive(AirflowAlert alert, AirflowUpload upload) {
    String instance = config.airflow().instance();
    if (alert.succeeded()) {
      return ingest.passed(
          new RunPassed(
              IngestService.envelope(
                  "airflow:" + instance + ":" + alert.dagId() + ":" + alert.runId()),
              RunSource.AIRFLOW,
              "airflow.dag.succeeded",
              runRef(instance, alert, AirflowAlert.SUCCESS),
              List.of()));
    }
    if (!upload.multipart() && alert.artifactsUri() == null) {
      throw new RejectedDelivery(
          RunSource.AIRFLOW,
          400,
          "missing required field(s): artifacts_uri (or send the artifacts with the alert, as"
              + " multipart)");
    }
    URI location = upload.multipart() ? null : artifactsUri(alert.artifactsUri());
    if (config.airflow().scheduledOnly()
        && alert.runType() != null
        && !SCHEDULED.equals(alert.runType())) {
      return ingest.ignore(
          RunSource.AIRFLOW,
          "DAG run " + alert.runId() + " is a " + alert.runType() + " run, not a scheduled one");
    }
    RunIdentity identity =
        new RunIdentity(
            RunSource.AIRFLOW,
            instance,
            alert.dagId() + "/" + alert.runId() + "/" + alert.taskId());
    return ingest.accept(
        identity,
        null,
        incidentId ->
            vertx
                .executeBlocking(Uni.createFrom().item(() -> stored(incidentId, upload)))
                .map(
                    artifacts ->
                        toEvent(incidentId, instance, alert, location, upload, artifacts)));
  }

  private List<ArtifactRef> stored(String incidentId, AirflowUpload upload) {
    List<ArtifactRef> artifacts = new ArrayList<>();
    upload.artifacts().forEach((name, file) -> artifacts.add(store.store(incidentId, name, file)));
    return artifacts;
  }

  private static URI artifactsUri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null) {
        throw new URISyntaxException(text, "no scheme (expected e.g. s3://, gs:// or file://)");
      }
      if (UserInfo.of(uri).isPresent()) {
        // the URI travels in events and on the incident's page: a credential never rides in it
        throw new RejectedDelivery(
            RunSource.AIRFLOW,
            400,
            "artifacts_uri carries user info; give the artifact store's credentials to the"
                + " service's configuration, never in the URI");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new RejectedDelivery(
          RunSource.AIRFLOW, 400, "artifacts_uri is not a URI: " + e.getMessage());
    }
  }

  /** The DAG run; the DAG is the job. */
  private static RunRef runRef(String instance, AirflowAlert alert, String status) {
    return new RunRef(
        instance,
        null,
        null,
        null,
        null,
        alert.dagId(),
        alert.dagId(),
        alert.runId(),
        status,
        null,
        alert.exception(),
        alert.runType(),
        null,
        null,
        null,
        null,
        null);
  }

  private RunFailed toEvent(
      String incidentId,
      String instance,
      AirflowAlert alert,
      URI location,
      AirflowUpload upload,
      List<ArtifactRef> artifacts) {
    Instant logicalDate = Times.parse(alert.logicalDate());
    AirflowTask task =
        new AirflowTask(
            alert.dagId(),
            alert.taskId(),
            alert.runId(),
            alert.runType(),
            alert.tryNumber(),
            alert.maxTries() == null ? 0 : alert.maxTries(),
            logicalDate,
            alert.exception(),
            UserInfo.removed(alert.logUrl()),
            upload.missing());
    boolean scheduledOnly = config.airflow().scheduledOnly();
    return new RunFailed(
        Envelope.create(incidentId, IngestService.PRODUCER, Instant.now()),
        RunSource.AIRFLOW,
        null,
        "airflow.task.failed",
        // a run the settings take is acted on: scheduled, or any run without scheduled-only
        alert.runType() == null ? null : SCHEDULED.equals(alert.runType()) || !scheduledOnly,
        runRef(instance, alert, AirflowAlert.FAILED),
        task,
        location == null ? null : location.toString(),
        artifacts);
  }
}
