package io.pipelinemedic.ingest.dbtcloud;

import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.ingest.intake.DeliveryOutcome;
import io.pipelinemedic.ingest.intake.IngestService;
import io.pipelinemedic.ingest.intake.RunIdentity;
import io.pipelinemedic.ingest.intake.Times;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Decides what a verified dbt Cloud delivery means: a failed run of a watched environment and job
 * becomes {@code run.failed}, a successful one {@code run.passed} when its job was failing (any
 * trigger: a rerun that passes ends the incident too); anything else is acknowledged and ignored
 * with its reason. Whether a failed run was scheduled cannot be told from the payload, so the
 * context step confirms it.
 */
@ApplicationScoped
public class DbtCloudIntake {

  static final String COMPLETED = "job.run.completed";
  static final String ERRORED = "job.run.errored";

  @Inject IngestService ingest;
  @Inject IngestConfig config;

  public Uni<DeliveryOutcome> receive(DbtCloudWebhook webhook) {
    DbtCloudWebhook.Data run = webhook.data();
    if (!COMPLETED.equals(webhook.eventType()) && !ERRORED.equals(webhook.eventType())) {
      return ignore("event type " + webhook.eventType() + " does not report a run's end");
    }
    boolean passed =
        COMPLETED.equals(webhook.eventType())
            && run.runStatusCode() == DbtCloudWebhook.STATUS_SUCCESS;
    if (!passed && run.runStatusCode() != DbtCloudWebhook.STATUS_ERROR) {
      return ignore(
          "run "
              + run.runId()
              + " ended with status "
              + run.runStatusCode()
              + " ("
              + run.runStatus()
              + "), neither an error nor a success");
    }
    Set<String> environments = config.dbtCloud().environmentIds().orElse(null);
    if (environments != null && !environments.contains(run.environmentId())) {
      return ignore("environment " + run.environmentId() + " is not a watched environment");
    }
    Set<String> jobs = config.dbtCloud().jobIds().orElse(null);
    if (jobs != null && !jobs.contains(run.jobId())) {
      return ignore("job " + run.jobId() + " is not a watched job");
    }
    if (passed) {
      return ingest.passed(
          new RunPassed(
              IngestService.envelope("dbt-cloud:" + webhook.eventId()),
              RunSource.DBT_CLOUD,
              webhook.eventType(),
              runRef(webhook),
              List.of()));
    }
    RunIdentity identity =
        new RunIdentity(RunSource.DBT_CLOUD, String.valueOf(webhook.accountId()), run.runId());
    return ingest.accept(
        identity,
        webhook.eventId(),
        incidentId -> Uni.createFrom().item(toEvent(incidentId, webhook)));
  }

  private Uni<DeliveryOutcome> ignore(String reason) {
    return ingest.ignore(RunSource.DBT_CLOUD, reason);
  }

  private static RunFailed toEvent(String incidentId, DbtCloudWebhook webhook) {
    return new RunFailed(
        Envelope.create(incidentId, IngestService.PRODUCER, Instant.now()),
        RunSource.DBT_CLOUD,
        webhook.eventId(),
        webhook.eventType(),
        null,
        runRef(webhook),
        null,
        null,
        List.of());
  }

  private static RunRef runRef(DbtCloudWebhook webhook) {
    DbtCloudWebhook.Data run = webhook.data();
    String finished = run.runFinishedAt() != null ? run.runFinishedAt() : run.runErroredAt();
    return new RunRef(
        String.valueOf(webhook.accountId()),
        run.projectId(),
        run.projectName(),
        run.environmentId(),
        run.environmentName(),
        run.jobId(),
        run.jobName(),
        run.runId(),
        run.runStatus(),
        run.runStatusCode(),
        run.runStatusMessage(),
        run.runReason(),
        Times.parse(run.runStartedAt()),
        Times.parse(finished),
        run.dbtVersion(),
        null,
        null);
  }
}
