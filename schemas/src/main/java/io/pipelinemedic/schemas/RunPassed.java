package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.Lists;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import java.util.List;

/**
 * {@code run.passed}: a run passed of a job whose failed run ingest-service accepted before, so the
 * job's open incidents are over. Keyed by the job ({@link RunRef#jobKey}).
 *
 * @param envelope common envelope (no incidentId: a job's run, which may end several incidents)
 * @param source who reported the run
 * @param eventType the reporter's event, e.g. {@code job.run.completed}
 * @param run the passing run
 * @param incidents the incidents of the job's failed runs since it last passed, as ingest-service
 *     accepted them (publisher-service may read the pass before one of them)
 */
public record RunPassed(
    Envelope envelope, RunSource source, String eventType, RunRef run, List<String> incidents)
    implements PipelineEvent {

  public RunPassed {
    incidents = Lists.orEmpty(incidents);
  }
}
