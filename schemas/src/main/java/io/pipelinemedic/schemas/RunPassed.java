package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;

/**
 * {@code run.passed}: a run passed of a job whose failed run ingest-service accepted before, so the
 * job's open incidents are over. Keyed by the job ({@link RunRef#jobKey}).
 *
 * @param envelope common envelope (no incidentId: a job's run, which may end several incidents)
 * @param source who reported the run
 * @param eventType the reporter's event, e.g. {@code job.run.completed}
 * @param run the passing run
 */
public record RunPassed(Envelope envelope, RunSource source, String eventType, RunRef run)
    implements PipelineEvent {}
