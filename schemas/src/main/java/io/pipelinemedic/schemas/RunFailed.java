package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.AirflowTask;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Lists;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import java.util.List;

/**
 * {@code run.failed}: a failed run was received and accepted.
 *
 * @param envelope common envelope
 * @param source dbt Cloud, Airflow or dbt Core
 * @param deliveryId the reporter's delivery id (dbt Cloud {@code eventId}), when any
 * @param eventType the reporter's event type, e.g. {@code job.run.completed}
 * @param scheduled whether it is a run to act on as a scheduled one: a scheduled run, or another
 *     run type the reporter's settings take (Airflow: {@code scheduled-only=false}); absent when
 *     the delivery cannot tell and the context step must confirm it (dbt Cloud: Admin API trigger)
 * @param run the run
 * @param airflow the failed Airflow task, for Airflow
 * @param artifactLocation where the reporter uploaded the run's {@code target/}, for Airflow
 * @param artifacts artifacts already in the artifact store, for dbt Core uploads
 */
public record RunFailed(
    Envelope envelope,
    RunSource source,
    String deliveryId,
    String eventType,
    Boolean scheduled,
    RunRef run,
    AirflowTask airflow,
    String artifactLocation,
    List<ArtifactRef> artifacts)
    implements PipelineEvent {

  public RunFailed {
    artifacts = Lists.orEmpty(artifacts);
  }
}
